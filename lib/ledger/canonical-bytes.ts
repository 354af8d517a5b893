import { canonicalJson } from "./canonical";

// The ledger's canonical JSON (RFC 8785, lib/ledger/canonical.ts) of a JSON *text* given as UTF-8
// bytes — PostgreSQL's jsonb output as verification reads it — written straight into a byte
// buffer. Same output as canonicalJson(JSON.parse(text)) (unit-tested against it), without
// building the object: verification re-encodes every entry's details, and parsing into objects,
// copying them sorted and stringifying again was most of its CPU time.
//
// Strings are copied as they are when they hold no escape (JSON.stringify would write the same
// bytes); a string with an escape, a number that is not a small integer, and anything else unusual
// goes through JSON.parse + JSON.stringify for that one token. Keys with escapes or non-ASCII
// characters (where UTF-8 byte order and UTF-16 order can differ) hand the whole text to
// canonicalJson.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SLOTS = 5;

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
    const n = end - start;
    this.ensure(n);
    // Buffer#copy is a native call: slower than a loop for the short pieces JSON is made of.
    if (n > 48) this.pos += src.copy(this.buf, this.pos, start, end);
    else {
      const buf = this.buf;
      let p = this.pos;
      for (let i = start; i < end; i++) buf[p++] = src[i];
      this.pos = p;
    }
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

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Writes JSON text bytes src[start, end) as canonical JSON into `out`. `start`/`end` must span
 * exactly one JSON value (surrounding whitespace allowed).
 */
export function writeCanonicalJsonText(src: Buffer, start: number, end: number, out: ByteSink): void {
  const mark = out.pos;
  try {
    reader.src = src;
    reader.end = end;
    reader.out = out;
    reader.top = 0;
    reader.depth = 0;
    const at = reader.value(start);
    if (skip(src, at, end) !== end) throw GENERAL;
  } catch (error) {
    if (error !== GENERAL) throw error;
    out.pos = mark;
    out.utf8(canonicalJson(JSON.parse(src.toString("utf8", start, end))));
  }
}

function skip(src: Buffer, i: number, end: number): number {
  while (i < end && isSpace(src[i])) i++;
  return i;
}

// One reader, reused: verification calls this for every entry (it is synchronous, so never shared).
class Reader {
  src: Buffer = Buffer.alloc(0);
  end = 0;
  out: ByteSink = new ByteSink(0);

  /** Writes the value starting at (or after whitespace from) i; returns the index after it. */
  value(i: number): number {
    const { src, end, out } = this;
    i = skip(src, i, end);
    if (i >= end) throw GENERAL;
    const c = src[i];
    if (c === 0x7b) return this.object(i + 1);
    if (c === 0x5b) return this.array(i + 1);
    if (c === QUOTE) {
      const close = this.stringEnd(i);
      if (close < 0) {
        const j = this.escapedEnd(i);
        out.utf8(JSON.stringify(JSON.parse(src.toString("utf8", i, j))));
        return j;
      }
      out.bytes(src, i, close + 1);
      return close + 1;
    }
    let j = i;
    while (j < end && !isSpace(src[j]) && src[j] !== COMMA && src[j] !== 0x7d && src[j] !== 0x5d) j++;
    if (this.verbatim(i, j)) out.bytes(src, i, j);
    // JSON.parse throws on anything that is not a number, as the general path would.
    else out.ascii(JSON.stringify(JSON.parse(src.toString("latin1", i, j))));
    return j;
  }

  /** true, false, null and small integers other than -0: written as they are. */
  private verbatim(i: number, j: number): boolean {
    const src = this.src;
    const n = j - i;
    const c = src[i];
    if (c === 0x6e) return n === 4 && src[i + 1] === 0x75 && src[i + 2] === 0x6c && src[i + 3] === 0x6c;
    if (c === 0x74) return n === 4 && src[i + 1] === 0x72 && src[i + 2] === 0x75 && src[i + 3] === 0x65;
    if (c === 0x66) return n === 5 && src.toString("latin1", i, j) === "false";
    let k = c === 0x2d ? i + 1 : i;
    if (k >= j || j - k > 15) return false;
    if (src[k] === 0x30) return j - k === 1 && k === i;
    for (; k < j; k++) if (src[k] < 0x30 || src[k] > 0x39) return false;
    return true;
  }

  /** Index of the closing quote of a string without escapes or raw control bytes, else -1. */
  private stringEnd(i: number): number {
    const { src, end } = this;
    for (let j = i + 1; j < end; j++) {
      const b = src[j];
      if (b === QUOTE) return j;
      if (b === BACKSLASH || b < 0x20) return -1;
    }
    throw GENERAL;
  }

  /** Index after a string that has escapes. */
  private escapedEnd(i: number): number {
    const { src, end } = this;
    for (let j = i + 1; j < end; j++) {
      const b = src[j];
      if (b === BACKSLASH) j++;
      else if (b === QUOTE) return j + 1;
    }
    throw GENERAL;
  }

  private array(i: number): number {
    const { src, end, out } = this;
    out.byte(0x5b);
    i = skip(src, i, end);
    if (src[i] === 0x5d) {
      out.byte(0x5d);
      return i + 1;
    }
    for (;;) {
      i = skip(src, this.value(i), end);
      const c = src[i];
      if (c === 0x5d) {
        out.byte(0x5d);
        return i + 1;
      }
      if (c !== COMMA) throw GENERAL;
      out.byte(COMMA);
      i++;
    }
  }

  // Per member of the objects being written: where its key is in src, where `"key":value` was
  // written in out and the key's first four bytes as a number (most comparisons end there), as a
  // stack shared by the nested objects.
  private stack = new Int32Array(320);
  top = 0;
  private order = new Int32Array(64);

  private push(keyStart: number, keyEnd: number, memberStart: number): void {
    if (this.top + SLOTS > this.stack.length) {
      const next = new Int32Array(this.stack.length * 2);
      next.set(this.stack);
      this.stack = next;
    }
    const src = this.src;
    const s = this.stack;
    const t = this.top;
    s[t] = keyStart;
    s[t + 1] = keyEnd;
    s[t + 2] = memberStart;
    // Key bytes are ASCII ≥ 0x20 here, so a short key's zero padding sorts it first, as it should.
    const n = keyEnd - keyStart;
    s[t + 4] =
      ((n > 0 ? src[keyStart] << 24 : 0) |
        (n > 1 ? src[keyStart + 1] << 16 : 0) |
        (n > 2 ? src[keyStart + 2] << 8 : 0) |
        (n > 3 ? src[keyStart + 3] : 0)) ^
      0x80000000;
    this.top += SLOTS;
  }

  /** Compares the keys of two members on the stack (byte order, which is UTF-16 order for ASCII). */
  private compareKeys(a: number, b: number): number {
    const s = this.stack;
    if (s[a + 4] !== s[b + 4]) return s[a + 4] < s[b + 4] ? -1 : 1;
    return compare(this.src, s[a], s[a + 1], s[b], s[b + 1]);
  }

  // Members of an object are written to a buffer of its depth, then copied to the parent's
  // output in key order: two copies of each byte however the keys were ordered.
  private sinks: ByteSink[] = [];
  depth = 0;

  private object(i: number): number {
    const { src, end } = this;
    const parent = this.out;
    const sink = (this.sinks[this.depth] ??= new ByteSink(1024));
    this.depth++;
    sink.pos = 0;
    this.out = sink;
    const base = this.top;
    let sorted = true;
    i = skip(src, i, end);
    if (src[i] !== 0x7d) {
      for (;;) {
        if (src[i] !== QUOTE) throw GENERAL;
        let k = i + 1;
        while (k < end && src[k] !== QUOTE) {
          // Escaped or non-ASCII keys: the order of their bytes is not always RFC 8785's order.
          if (src[k] === BACKSLASH || src[k] >= 0x80 || src[k] < 0x20) throw GENERAL;
          k++;
        }
        if (k >= end) throw GENERAL;
        const member = this.top;
        this.push(i + 1, k, sink.pos);
        if (member > base && sorted && this.compareKeys(member - SLOTS, member) > 0) sorted = false;
        sink.bytes(src, i, k + 1);
        sink.byte(COLON);
        i = skip(src, k + 1, end);
        if (src[i] !== COLON) throw GENERAL;
        i = skip(src, this.value(i + 1), end);
        this.stack[member + 3] = sink.pos;
        const c = src[i];
        if (c === 0x7d) break;
        if (c !== COMMA) throw GENERAL;
        i = skip(src, i + 1, end);
      }
    }
    this.depth--;
    this.out = parent;
    parent.byte(0x7b);
    const count = (this.top - base) / SLOTS;
    if (sorted) {
      if (count > 0) this.emit(parent, sink, base);
      for (let m = 1; m < count; m++) {
        parent.byte(COMMA);
        this.emit(parent, sink, base + m * SLOTS);
      }
    } else this.emitSorted(parent, sink, base, count);
    this.top = base;
    parent.byte(0x7d);
    return i + 1;
  }

  private emit(out: ByteSink, sink: ByteSink, member: number): void {
    out.bytes(sink.buf, this.stack[member + 2], this.stack[member + 3]);
  }

  /** jsonb orders keys by length first, RFC 8785 by code units: write the members in order. */
  private emitSorted(out: ByteSink, sink: ByteSink, base: number, count: number): void {
    if (this.order.length < count) this.order = new Int32Array(count * 2);
    const order = this.order;
    for (let m = 0; m < count; m++) {
      // Insertion sort: objects have a handful of keys.
      const at = base + m * SLOTS;
      let j = m;
      while (j > 0 && this.compareKeys(order[j - 1], at) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = at;
    }
    for (let n = 0; n < count; n++) {
      if (n > 0) out.byte(COMMA);
      this.emit(out, sink, order[n]);
    }
  }
}

const reader = new Reader();

function compare(src: Buffer, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let k = 0; k < n; k++) {
    const d = src[a0 + k] - src[b0 + k];
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}
