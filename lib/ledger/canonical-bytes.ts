import { canonicalJson } from "./canonical";

// The ledger's canonical JSON (RFC 8785, lib/ledger/canonical.ts) of a JSON *text* given as UTF-8
// bytes — PostgreSQL's jsonb output as verification reads it — written straight into a byte
// buffer. Same output as canonicalJson(JSON.parse(text)) (unit-tested against it), without
// building the object: verification re-encodes every entry's details, and this is its hot loop.
//
// Two passes over typed arrays, no objects: the first reads the text once and records, for every
// container, its members as spans of the source (members of an object already in key order); the
// second writes the canonical text, copying each key and each scalar once. Strings are copied as
// they are when they hold no escape (JSON.stringify would write the same bytes); a string with an
// escape and a number that is not a small integer are rewritten by JSON.parse + JSON.stringify for
// that one token. Keys with escapes or non-ASCII characters (where UTF-8 byte order and UTF-16
// order can differ), duplicate keys and anything malformed hand the whole text to canonicalJson.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

class NeedsGeneralPath extends Error {}
const GENERAL = new NeedsGeneralPath();

/** A growable output buffer that canonical text is written into. */
export class ByteSink {
  buf: Buffer;
  pos = 0;
  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }
  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  bytes(src: Buffer, start: number, end: number): void {
    this.ensure(end - start);
    this.pos = copy(src, start, end, this.buf, this.pos);
  }
  /** ASCII or Latin-1-safe text (digits, ISO times, hex, literals). */
  ascii(text: string): void {
    this.ensure(text.length);
    this.pos += this.buf.write(text, this.pos, "latin1");
  }
  utf8(text: string): void {
    this.ensure(Buffer.byteLength(text));
    this.pos += this.buf.write(text, this.pos, "utf8");
  }
}

/** Copies src[start, end) to dst at `at` (room is the caller's concern); returns the end. */
export function copy(src: Buffer, start: number, end: number, dst: Buffer, at: number): number {
  // Buffer#copy is a native call: slower than a loop for the short pieces JSON is made of.
  if (end - start > 48) return at + src.copy(dst, at, start, end);
  for (let i = start; i < end; i++) dst[at++] = src[i];
  return at;
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function skip(src: Buffer, i: number, end: number): number {
  while (i < end && isSpace(src[i])) i++;
  return i;
}

/**
 * Writes JSON text bytes src[start, end) as canonical JSON into `out`. `start`/`end` must span
 * exactly one JSON value (surrounding whitespace allowed).
 */
export function writeCanonicalJsonText(src: Buffer, start: number, end: number, out: ByteSink): void {
  const mark = out.pos;
  try {
    canonicalizer.write(src, start, end, out);
  } catch (error) {
    if (error !== GENERAL) throw error;
    out.pos = mark;
    out.utf8(canonicalJson(JSON.parse(src.toString("utf8", start, end))));
  }
}

// A record is one member of an object or element of an array: [key start, key end, the key's
// first four bytes as a number (most comparisons end there), kind, a, b]. A value of kind VERBATIM,
// STRING or NUMBER is the source span [a, b); a CONTAINER is node a.
const R = 6;
const VERBATIM = 0;
const STRING = 1;
const NUMBER = 2;
const CONTAINER = 3;
// A node is [1 for an object else 0, member count, index of its first record in `records`].
const N = 3;

// One instance, reused: verification calls this for every entry (synchronously, so never shared).
class Canonicalizer {
  private src: Buffer = Buffer.alloc(0);
  private end = 0;
  /** Records of the containers still open, innermost last. */
  private open = new Int32Array(64 * R);
  private top = 0;
  /** Records of closed containers, each container's contiguous (an object's in key order). */
  private records = new Int32Array(256 * R);
  private count = 0;
  private nodes = new Int32Array(64 * N);
  private nodeCount = 0;

  /** The text being read, copied here with a NUL after it: no loop can run past its end. */
  private text = Buffer.allocUnsafe(4096);

  write(source: Buffer, start: number, end: number, out: ByteSink): void {
    const length = end - start;
    if (this.text.length <= length) this.text = Buffer.allocUnsafe(2 * length + 1);
    const src = this.text;
    source.copy(src, 0, start, end);
    src[length] = 0;
    this.src = src;
    this.end = length;
    this.top = 0;
    this.count = 0;
    this.nodeCount = 0;
    const root = this.push();
    if (skip(src, this.value(skip(src, 0, length), root), length) !== length) throw GENERAL;
    // Verbatim output never outgrows its source; a rewritten token makes room for itself.
    out.ensure(length + 16);
    const o = this.open;
    out.pos = this.emitValue(o[root + 3], o[root + 4], o[root + 5], out, out.pos);
  }

  private push(): number {
    const at = this.top;
    if (at + R > this.open.length) {
      const next = new Int32Array(this.open.length * 2);
      next.set(this.open);
      this.open = next;
    }
    this.top = at + R;
    return at;
  }

  /** Reads the value at i into record `slot` of `open`; returns the index after it. */
  private value(i: number, slot: number): number {
    const { src, end } = this;
    if (i >= end) throw GENERAL;
    const c = src[i];
    if (c === QUOTE) {
      let kind = VERBATIM;
      let j = i + 1;
      for (;;) {
        const b = src[j];
        if (b === QUOTE) break;
        if (b === BACKSLASH) {
          kind = STRING;
          j += 2;
          // An escape may have stepped over the NUL.
          if (j > end) throw GENERAL;
        } else if (b < 0x20)
          throw GENERAL; // also the NUL after the text
        else j++;
      }
      return this.leaf(slot, kind, i, j + 1);
    }
    if (c === OPEN_OBJECT) return this.object(i + 1, slot);
    if (c === OPEN_ARRAY) return this.array(i + 1, slot);
    let j = i;
    while (j < end) {
      const b = src[j];
      if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) break;
      j++;
    }
    if (j === i) throw GENERAL;
    return this.leaf(slot, this.verbatim(i, j) ? VERBATIM : NUMBER, i, j);
  }

  private leaf(slot: number, kind: number, a: number, b: number): number {
    const o = this.open;
    o[slot + 3] = kind;
    o[slot + 4] = a;
    o[slot + 5] = b;
    return b;
  }

  /** true, false, null and small integers other than -0: written as they are. */
  private verbatim(i: number, j: number): boolean {
    const src = this.src;
    const n = j - i;
    const c = src[i];
    if (c === 0x6e) return n === 4 && src[i + 1] === 0x75 && src[i + 2] === 0x6c && src[i + 3] === 0x6c;
    if (c === 0x74) return n === 4 && src[i + 1] === 0x72 && src[i + 2] === 0x75 && src[i + 3] === 0x65;
    if (c === 0x66)
      return (
        n === 5 && src[i + 1] === 0x61 && src[i + 2] === 0x6c && src[i + 3] === 0x73 && src[i + 4] === 0x65
      );
    let k = c === 0x2d ? i + 1 : i;
    if (k >= j || j - k > 15) return false;
    if (src[k] === 0x30) return j - k === 1 && k === i;
    for (; k < j; k++) if (src[k] < 0x30 || src[k] > 0x39) return false;
    return true;
  }

  private array(i: number, slot: number): number {
    const { src, end } = this;
    const base = this.top;
    i = skip(src, i, end);
    if (src[i] !== CLOSE_ARRAY) {
      for (;;) {
        i = skip(src, this.value(i, this.push()), end);
        const c = src[i];
        if (c === CLOSE_ARRAY) break;
        if (c !== COMMA) throw GENERAL;
        i = skip(src, i + 1, end);
      }
    }
    this.close(slot, 0, base, 0);
    return i + 1;
  }

  private object(i: number, slot: number): number {
    const { src, end } = this;
    const base = this.top;
    let sorted = true;
    let shape = 0;
    i = skip(src, i, end);
    if (src[i] !== CLOSE_OBJECT) {
      for (;;) {
        if (src[i] !== QUOTE) throw GENERAL;
        const keyStart = i + 1;
        let k = keyStart;
        for (;;) {
          const b = src[k];
          if (b === QUOTE) break;
          // Escaped or non-ASCII keys: the order of their bytes is not always RFC 8785's order (and
          // the NUL after the text ends a key that never closes).
          if (b === BACKSLASH || b >= 0x80 || b < 0x20) throw GENERAL;
          k++;
        }
        const member = this.push();
        const o = this.open;
        o[member] = keyStart;
        o[member + 1] = k;
        // Key bytes are ASCII ≥ 0x20, so a short key's zero padding sorts it first, as it should.
        const n = k - keyStart;
        o[member + 2] =
          ((n > 0 ? src[keyStart] << 24 : 0) |
            (n > 1 ? src[keyStart + 1] << 16 : 0) |
            (n > 2 ? src[keyStart + 2] << 8 : 0) |
            (n > 3 ? src[keyStart + 3] : 0)) ^
          0x80000000;
        shape = Math.imul(shape ^ o[member + 2] ^ n, 0x9e3779b1);
        if (member > base && sorted) {
          const d = this.compare(o, member - R, member);
          if (d === 0) throw GENERAL;
          if (d > 0) sorted = false;
        }
        // jsonb writes `"key": value, "key": value`: one space, else whatever whitespace (the NUL
        // after the text is none).
        let colon = k + 1;
        if (src[colon] !== COLON) {
          colon = skip(src, colon, end);
          if (src[colon] !== COLON) throw GENERAL;
        }
        i = colon + 1;
        if (src[i] === 0x20) i++;
        if (isSpace(src[i])) i = skip(src, i, end);
        i = this.value(i, member);
        if (isSpace(src[i])) i = skip(src, i, end);
        const c = src[i];
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) throw GENERAL;
        i++;
        if (src[i] === 0x20) i++;
        if (isSpace(src[i])) i = skip(src, i, end);
      }
    }
    this.close(slot, 1, base, sorted ? 0 : shape | 1);
    return i + 1;
  }

  /** Compares the keys of two records of `o` (byte order, which is UTF-16 order for ASCII). */
  private compare(o: Int32Array, a: number, b: number): number {
    if (o[a + 2] !== o[b + 2]) return o[a + 2] < o[b + 2] ? -1 : 1;
    const src = this.src;
    const a0 = o[a];
    const b0 = o[b];
    const la = o[a + 1] - a0;
    const lb = o[b + 1] - b0;
    const n = la < lb ? la : lb;
    for (let k = 4; k < n; k++) {
      const d = src[a0 + k] - src[b0 + k];
      if (d !== 0) return d;
    }
    return la - lb;
  }

  // The key order of recently seen object shapes (a hash of their keys in jsonb order), tried
  // before sorting: members of one kind of event come in the same order entry after entry.
  private shapes = new Map<number, Int32Array>();

  /** The members' order by key: the cached one for this shape when it holds, else sorted. */
  private sortMembers(o: Int32Array, base: number, n: number, shape: number): Int32Array {
    const cached = this.shapes.get(shape);
    if (cached !== undefined && cached.length === n) {
      // A permutation whose neighbours ascend strictly is the sorted order, whatever the cache held.
      let m = 1;
      while (m < n && this.compare(o, base + cached[m - 1] * R, base + cached[m] * R) < 0) m++;
      if (m === n) return cached;
    }
    const order = new Int32Array(n);
    // jsonb orders keys by length first, RFC 8785 by code units. Insertion sort: objects have a
    // handful of keys.
    for (let m = 0; m < n; m++) {
      const at = base + m * R;
      let j = m;
      while (j > 0) {
        const d = this.compare(o, base + order[j - 1] * R, at);
        if (d === 0) throw GENERAL;
        if (d < 0) break;
        order[j] = order[j - 1];
        j--;
      }
      order[j] = m;
    }
    if (this.shapes.size >= 4096) this.shapes.clear();
    this.shapes.set(shape, order);
    return order;
  }

  /** Moves the open records from `base` up into `records` as one node, sorted by key for a shape. */
  private close(slot: number, isObject: number, base: number, shape: number): void {
    const o = this.open;
    const n = (this.top - base) / R;
    const first = this.count;
    if ((first + n) * R > this.records.length) {
      const next = new Int32Array(Math.max(this.records.length * 2, (first + n) * R));
      next.set(this.records);
      this.records = next;
    }
    const records = this.records;
    let to = first * R;
    if (shape !== 0) {
      const order = this.sortMembers(o, base, n, shape);
      for (let m = 0; m < n; m++) {
        const from = base + order[m] * R;
        for (let f = 0; f < R; f++) records[to++] = o[from + f];
      }
    } else {
      for (let from = base; from < this.top; from++) records[to++] = o[from];
    }
    this.count = first + n;
    this.top = base;
    if ((this.nodeCount + 1) * N > this.nodes.length) {
      const next = new Int32Array(this.nodes.length * 2);
      next.set(this.nodes);
      this.nodes = next;
    }
    const node = this.nodeCount++;
    this.nodes[node * N] = isObject;
    this.nodes[node * N + 1] = n;
    this.nodes[node * N + 2] = first;
    o[slot + 3] = CONTAINER;
    o[slot + 4] = node;
  }

  /** Writes one value at `at` of out.buf and returns the end (out.pos is only kept by rewrites). */
  private emitValue(kind: number, a: number, b: number, out: ByteSink, at: number): number {
    if (kind === VERBATIM) return copy(this.src, a, b, out.buf, at);
    if (kind === CONTAINER) return this.emitNode(a, out, at);
    out.pos = at;
    const text = this.src.toString(kind === STRING ? "utf8" : "latin1", a, b);
    // JSON.parse throws on anything that is not a number, as the general path would.
    out.utf8(JSON.stringify(JSON.parse(text)));
    // What is left to write is no longer than what is left of the source.
    out.ensure(this.end + 16);
    return out.pos;
  }

  private emitNode(node: number, out: ByteSink, at: number): number {
    const nodes = this.nodes;
    const isObject = nodes[node * N] === 1;
    const n = nodes[node * N + 1];
    const first = nodes[node * N + 2] * R;
    const src = this.src;
    let buf = out.buf;
    buf[at++] = isObject ? OPEN_OBJECT : OPEN_ARRAY;
    for (let m = 0; m < n; m++) {
      const r = first + m * R;
      const records = this.records;
      if (m > 0) buf[at++] = COMMA;
      if (isObject) {
        buf[at++] = QUOTE;
        at = copy(src, records[r], records[r + 1], buf, at);
        buf[at++] = QUOTE;
        buf[at++] = COLON;
      }
      const kind = records[r + 3];
      if (kind === VERBATIM) at = copy(src, records[r + 4], records[r + 5], buf, at);
      else {
        at = this.emitValue(kind, records[r + 4], records[r + 5], out, at);
        buf = out.buf;
      }
    }
    buf[at++] = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
    return at;
  }
}

const canonicalizer = new Canonicalizer();
