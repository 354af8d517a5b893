import type pg from "pg";

// `COPY … TO STDOUT` read straight off the connection's socket: each piece of COPY data is handed
// over where it lies in the chunk the socket delivered, without pg-copy-streams' readable stream
// (which joins its pieces into a new buffer: a copy of every byte, and a good share of
// verification's CPU). Processing is synchronous in the socket's data handler, so the socket is
// read no faster than the data is used and memory stays flat. As pg-copy-streams does, it takes the
// socket from pg's protocol parser for the COPY and gives it back, with what follows, at the
// first message that is not COPY data.

const COPY_DATA = 0x64; // d
const COPY_OUT_RESPONSE = 0x48; // H
const COPY_DONE = 0x63; // c
// May arrive at any time; not ours to answer, so skipped as pg-copy-streams skips them.
const NOTICE = 0x4e; // N
const PARAMETER_STATUS = 0x53; // S
const NOTIFICATION = 0x41; // A
const OURS = new Set([COPY_DATA, COPY_OUT_RESPONSE, COPY_DONE, NOTICE, PARAMETER_STATUS, NOTIFICATION]);

type Listener = (chunk: Buffer) => void;

class CopyOut implements pg.Submittable {
  private connection: pg.Connection | null = null;
  private parser: Listener | null = null;
  /** A message header (code, length) split across chunks. */
  private readonly header = Buffer.alloc(5);
  private headerFill = 0;
  private code = 0;
  /** Bytes of the current message still to come. */
  private body = 0;
  private failure: unknown = null;
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly onData: Listener,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  submit(connection: pg.Connection): void {
    this.connection = connection;
    const listeners = connection.stream.listeners("data") as Listener[];
    if (listeners.length !== 1) throw new Error("unexpected listeners on the connection's socket");
    this.parser = listeners[0];
    connection.stream.removeListener("data", this.parser);
    connection.stream.on("data", this.receive);
    connection.query(this.text);
  }

  private readonly receive = (chunk: Buffer): void => {
    let i = 0;
    while (i < chunk.length) {
      if (this.body > 0) {
        const n = Math.min(this.body, chunk.length - i);
        if (this.code === COPY_DATA && this.failure === null) {
          // An exception here would escape from the socket's handler: keep it for the end.
          try {
            this.onData(chunk.subarray(i, i + n));
          } catch (error) {
            this.failure = error;
          }
        }
        this.body -= n;
        i += n;
        continue;
      }
      const n = Math.min(5 - this.headerFill, chunk.length - i);
      chunk.copy(this.header, this.headerFill, i, i + n);
      this.headerFill += n;
      i += n;
      if (this.headerFill < 5) return;
      this.headerFill = 0;
      const code = this.header[0];
      if (!OURS.has(code)) return this.detach(Buffer.concat([this.header, chunk.subarray(i)]));
      this.code = code;
      this.body = this.header.readInt32BE(1) - 4;
    }
  };

  /** Gives the socket back to pg's parser with the rest of what arrived (the end of the COPY). */
  private detach(rest: Buffer): void {
    const stream = this.connection!.stream;
    stream.removeListener("data", this.receive);
    stream.on("data", this.parser!);
    this.parser!(rest);
  }

  private settle(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (error === null) this.resolve();
    else this.reject(error);
  }

  handleError(error: Error): void {
    this.settle(error);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle(this.failure);
  }
}

/** Runs `sql` (a COPY … TO STDOUT) on `client`, handing each piece of its data to `onData`. */
export function copyOut(client: pg.Client, sql: string, onData: Listener): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(new CopyOut(sql, onData, resolve, reject));
  });
}
