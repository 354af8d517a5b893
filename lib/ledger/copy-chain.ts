import { hash as sha } from "node:crypto";
import type pg from "pg";
import { ByteSink, copy, writeCanonicalJsonText } from "./canonical-bytes";
import { copyOut } from "./copy-out";
import { verbatimFrom } from "./read-chain";

// Verification's read path: the chain as PostgreSQL's binary COPY (no per-row protocol message
// objects, no to_char or ::text on the server: time arrives as microseconds, text as its UTF-8
// bytes), each entry's canonical text assembled from those bytes in one reused buffer and hashed
// there. Produces the same text as hashStored() in lib/ledger/hash.ts (integration-tested: a
// chain written by appendLedger verifies). No objects per entry: views and short strings only.

/** What receives each entry: the stored prevHash and hash as spans of `buf`. false stops hashing. */
export type EntrySink = {
  entry(
    seq: number,
    buf: Buffer,
    prevAt: number,
    prevLen: number,
    hashAt: number,
    hashLen: number,
    computed: string,
  ): boolean;
};

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const FIELDS = 10;
// 2000-01-01T00:00:00Z, PostgreSQL's epoch for binary timestamps, in ms since 1970.
const PG_EPOCH_MS = 946_684_800_000;

const enc = (text: string) => Buffer.from(text, "latin1");
const K_ACTION = enc('{"action":');
const K_ACTOR = enc(',"actor":');
const K_KIND = enc(',"actorKind":');
const K_NAME = enc(',"actorName":');
const K_AT = enc(',"at":"');
const K_DETAILS = enc('","details":');
const K_PREV = enc(',"prevHash":');
const K_SEQ = enc(',"seq":"');
const K_TARGET = enc('","target":');
const NULL = enc("null");
const EMPTY = enc("{}");

const put = (out: ByteSink, b: Buffer) => {
  out.pos = copy(b, 0, b.length, out.buf, out.pos);
};

/** A text field as a JSON string: verbatim between quotes unless it needs escaping. */
function putString(out: ByteSink, src: Buffer, start: number, len: number): void {
  if (len < 0) return put(out, NULL);
  const end = start + len;
  const buf = out.buf;
  let p = out.pos;
  buf[p++] = 0x22;
  // Copied as it is scanned; a byte JSON escapes sends the whole field through JSON.stringify.
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b < 0x20 || b === 0x22 || b === 0x5c) {
      out.utf8(JSON.stringify(src.toString("utf8", start, end)));
      // Room again for the rest of the entry (see hashTuple).
      out.ensure(src.length + 256);
      return;
    }
    buf[p++] = b;
  }
  buf[p++] = 0x22;
  out.pos = p;
}

/**
 * Details as hashStored() reads them: a missing or JSON null value hashes as {}. `verbatim` copies
 * the stored text as it is, otherwise it is rewritten as canonical JSON.
 */
function putDetails(out: ByteSink, buf: Buffer, start: number, len: number, verbatim: boolean): void {
  if (len < 0) return put(out, EMPTY);
  if (verbatim) return out.bytes(buf, start, start + len);
  if (len === 4 && buf[start] === 0x6e && buf.toString("latin1", start, start + 4) === "null")
    return put(out, EMPTY);
  writeCanonicalJsonText(buf, start, start + len, out);
  out.ensure(buf.length + 256);
}

/** Writes a non-negative safe integer in decimal. */
function putDecimal(out: ByteSink, n: number): void {
  const buf = out.buf;
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  let p = out.pos + digits;
  out.pos = p;
  do {
    buf[--p] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
}

/** The binary COPY of the chain between two seqs (inclusive), in order. */
function chainCopySql(from: bigint, to: bigint): string {
  // COPY takes no bind parameters; both bounds are bigints printed in decimal.
  return `COPY (SELECT seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash FROM "LogEntry" WHERE seq >= ${from} AND seq <= ${to} ORDER BY seq) TO STDOUT (FORMAT binary)`;
}

/**
 * Hashes every entry between two seqs (inclusive) of the COPY and hands it to `sink` as it goes.
 * Once the sink returns false the rest of the COPY is read without hashing: a COPY cannot be
 * abandoned half-way on its connection.
 */
export async function hashChain(client: pg.Client, from: bigint, to: bigint, sink: EntrySink): Promise<void> {
  const reader = new TupleReader(sink, Number(await verbatimFrom(client)));
  await copyOut(client, chainCopySql(from, to), (data) => reader.push(data));
  reader.finish();
}

/** Parses binary COPY tuples across chunk boundaries. */
class TupleReader {
  private checking = true;
  private header = false;
  /** The start of a tuple the last chunk ended inside. */
  private rest: Buffer | null = null;
  private readonly starts = new Int32Array(FIELDS);
  private readonly lens = new Int32Array(FIELDS);
  private readonly out = new ByteSink();
  private lastMicros = Number.NaN;
  private at = Buffer.alloc(0);

  constructor(
    private readonly sink: EntrySink,
    private readonly verbatimFrom: number,
  ) {}

  push(chunk: Buffer): void {
    if (!this.checking) return;
    let buf = chunk;
    let i = 0;
    if (this.rest && !this.header) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    } else if (this.rest) {
      // Complete the split tuple from the head of this chunk, copying no more than it needs.
      const rest = this.rest;
      let take = Math.min(chunk.length, 8192);
      for (;;) {
        const joined = Buffer.concat([rest, chunk.subarray(0, take)]);
        const end = this.tuples(joined, 0, true);
        if (end > 0) {
          i = end - rest.length;
          this.rest = null;
          break;
        }
        if (take === chunk.length) {
          this.rest = joined;
          return;
        }
        take = chunk.length;
      }
      if (!this.checking) return;
    }
    const end = this.tuples(buf, i, false);
    this.rest = end < buf.length ? buf.subarray(end) : null;
  }

  finish(): void {
    if (this.rest && this.rest.length && this.checking) throw new Error("the COPY stream ended inside a row");
  }

  /** Hashes whole tuples from i on (only the first when `one`); returns where the unread part starts. */
  private tuples(buf: Buffer, i: number, one: boolean): number {
    if (!this.header) {
      if (buf.length - i < 19) return i;
      if (!buf.subarray(i, i + 11).equals(SIGNATURE)) throw new Error("unexpected COPY header");
      i += 19 + buf.readInt32BE(i + 15);
      this.header = true;
    }
    const { starts, lens } = this;
    for (;;) {
      if (i + 2 > buf.length) return i;
      const n = (buf[i] << 8) | buf[i + 1];
      if (n === 0xffff) return buf.length; // the trailer
      if (n !== FIELDS) throw new Error(`unexpected COPY tuple of ${n} fields`);
      let p = i + 2;
      for (let f = 0; f < FIELDS; f++) {
        if (p + 4 > buf.length) return i;
        const len = buf.readInt32BE(p);
        starts[f] = p + 4;
        lens[f] = len;
        p += 4 + (len > 0 ? len : 0);
      }
      if (p > buf.length) return i;
      if (!this.hashTuple(buf)) {
        this.checking = false;
        return buf.length;
      }
      i = p;
      if (one) return i;
    }
  }

  private hashTuple(buf: Buffer): boolean {
    const { starts, lens, out } = this;
    const seq = buf.readInt32BE(starts[0]) * 4294967296 + buf.readUInt32BE(starts[0] + 4);
    const micros = buf.readInt32BE(starts[1]) * 4294967296 + buf.readUInt32BE(starts[1] + 4);
    // Entries of one append batch share their time: format it once.
    if (micros !== this.lastMicros) {
      this.lastMicros = micros;
      this.at = enc(new Date(PG_EPOCH_MS + Math.floor(micros / 1000)).toISOString());
    }
    out.pos = 0;
    // Room for the whole entry: verbatim writes do not check; a rewritten field makes room again.
    out.ensure(buf.length + 256);
    put(out, K_ACTION);
    putString(out, buf, starts[5], lens[5]);
    put(out, K_ACTOR);
    putString(out, buf, starts[2], lens[2]);
    put(out, K_KIND);
    putString(out, buf, starts[3], lens[3]);
    put(out, K_NAME);
    putString(out, buf, starts[4], lens[4]);
    put(out, K_AT);
    put(out, this.at);
    put(out, K_DETAILS);
    putDetails(out, buf, starts[7], lens[7], seq >= this.verbatimFrom);
    put(out, K_PREV);
    putString(out, buf, starts[8], lens[8]);
    put(out, K_SEQ);
    putDecimal(out, seq);
    put(out, K_TARGET);
    putString(out, buf, starts[6], lens[6]);
    out.buf[out.pos++] = 0x7d;
    const computed = sha("sha256", out.buf.subarray(0, out.pos), "hex");
    return this.sink.entry(seq, buf, starts[8], lens[8], starts[9], lens[9], computed);
  }
}
