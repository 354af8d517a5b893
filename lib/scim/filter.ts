import { ScimError } from "./errors";

// RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths, by recursive descent:
//   filter  := or ;  or := and ("or" and)* ;  and := unary ("and" unary)*
//   unary   := "not" "(" filter ")" | "(" filter ")" | attrPath "[" filter "]" | attrPath "pr"
//            | attrPath compareOp value
//   path    := attrPath [ "[" filter "]" [ "." subAttr ] ]
// Precedence: not, then and, then or. Keywords and operators in any letter case.

type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type Literal = string | number | boolean | null;
export type Filter =
  | { kind: "and" | "or"; left: Filter; right: Filter }
  | { kind: "not"; expr: Filter }
  | { kind: "cmp"; path: string; op: CompareOp; value: Literal }
  | { kind: "pr"; path: string }
  | { kind: "valuePath"; path: string; filter: Filter };

type PatchPath = { path: string; filter?: Filter; sub?: string };

const OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const MAX_FILTER = 2000;
const MAX_NODES = 100;

type Token = { t: "(" | ")" | "[" | "]" | "word" | "string" | "number"; v: string; at: number };

function fail(message: string, type: "invalidFilter" | "invalidPath"): never {
  throw new ScimError(400, message, type);
}

function tokenize(src: string, type: "invalidFilter" | "invalidPath"): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if ("()[]".includes(c)) {
      out.push({ t: c as Token["t"], v: c, at: i });
      i++;
    } else if (c === '"') {
      // A JSON string literal: escapes as in JSON.
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) fail(`Unterminated string at position ${i + 1}.`, type);
      let value: string;
      try {
        value = JSON.parse(src.slice(i, j + 1)) as string;
      } catch {
        fail(`Malformed string at position ${i + 1}.`, type);
      }
      if (!value.isWellFormed() || value.includes("\u0000"))
        fail(`The string at position ${i + 1} holds characters that cannot be stored.`, type);
      out.push({ t: "string", v: value, at: i });
      i = j + 1;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(src.slice(i));
      if (!m) fail(`Unexpected "${c}" at position ${i + 1}.`, type);
      out.push({ t: "number", v: m[0], at: i });
      i += m[0].length;
    } else {
      // attrPath, keyword or operator: URNs carry ':' and '.', sub-attributes '.', and "$ref".
      const m = /^[A-Za-z$][\w:.$-]*/.exec(src.slice(i));
      if (!m) fail(`Unexpected "${c}" at position ${i + 1}.`, type);
      out.push({ t: "word", v: m[0], at: i });
      i += m[0].length;
    }
  }
  return out;
}

class Parser {
  private i = 0;
  private nodes = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly type: "invalidFilter" | "invalidPath",
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) fail("The filter ends too early.", this.type);
    return t;
  }
  private expect(t: Token["t"]) {
    const tok = this.next();
    if (tok.t !== t) fail(`Expected "${t}" at position ${tok.at + 1}.`, this.type);
  }
  private isWord(word: string) {
    const t = this.peek();
    return t?.t === "word" && t.v.toLowerCase() === word;
  }
  done() {
    return this.i >= this.tokens.length;
  }
  rest() {
    return this.tokens.slice(this.i);
  }

  filter(): Filter {
    let left = this.and();
    while (this.isWord("or")) {
      this.i++;
      left = this.node({ kind: "or", left, right: this.and() });
    }
    return left;
  }
  private and(): Filter {
    let left = this.unary();
    while (this.isWord("and")) {
      this.i++;
      left = this.node({ kind: "and", left, right: this.unary() });
    }
    return left;
  }
  private node(f: Filter): Filter {
    if (++this.nodes > MAX_NODES) fail(`The filter has more than ${MAX_NODES} terms.`, this.type);
    return f;
  }
  private unary(): Filter {
    if (this.isWord("not") && this.tokens[this.i + 1]?.t === "(") {
      this.i++;
      this.expect("(");
      const expr = this.filter();
      this.expect(")");
      return this.node({ kind: "not", expr });
    }
    const tok = this.next();
    if (tok.t === "(") {
      const inner = this.filter();
      this.expect(")");
      return inner;
    }
    if (tok.t !== "word") fail(`Expected an attribute at position ${tok.at + 1}.`, this.type);
    if (this.peek()?.t === "[") {
      this.i++;
      const inner = this.filter();
      this.expect("]");
      return this.node({ kind: "valuePath", path: tok.v, filter: inner });
    }
    const op = this.next();
    const name = op.v.toLowerCase();
    if (op.t === "word" && name === "pr") return this.node({ kind: "pr", path: tok.v });
    if (op.t !== "word" || !OPS.has(name))
      fail(`Unknown operator "${op.v.slice(0, 20)}" at position ${op.at + 1}.`, this.type);
    return this.node({ kind: "cmp", path: tok.v, op: name as CompareOp, value: this.literal() });
  }
  private literal(): Literal {
    const tok = this.next();
    if (tok.t === "string") return tok.v;
    if (tok.t === "number") return Number(tok.v);
    if (tok.t === "word") {
      const w = tok.v.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    return fail(
      `Expected a value at position ${tok.at + 1} (a "quoted string", a number, true, false or null).`,
      this.type,
    );
  }
}

export function parseFilter(src: string): Filter {
  if (src.length > MAX_FILTER) fail(`The filter is longer than ${MAX_FILTER} characters.`, "invalidFilter");
  const tokens = tokenize(src, "invalidFilter");
  if (!tokens.length) fail("The filter is empty.", "invalidFilter");
  const p = new Parser(tokens, "invalidFilter");
  const f = p.filter();
  if (!p.done())
    fail(`Unexpected "${p.rest()[0].v.slice(0, 20)}" at position ${p.rest()[0].at + 1}.`, "invalidFilter");
  return f;
}

/** A PATCH path: `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]` or `attr[filter].sub`. */
export function parsePatchPath(src: string): PatchPath {
  if (src.length > MAX_FILTER) fail("The path is too long.", "invalidPath");
  const open = src.indexOf("[");
  if (open < 0) {
    if (!/^[A-Za-z$][\w:.$-]*$/.test(src.trim()))
      fail(`Malformed path "${src.slice(0, 120)}".`, "invalidPath");
    return { path: src.trim() };
  }
  const close = src.lastIndexOf("]");
  if (close < open) fail(`Malformed path "${src.slice(0, 120)}".`, "invalidPath");
  const path = src.slice(0, open).trim();
  const after = src.slice(close + 1).trim();
  if (!/^[A-Za-z$][\w:.$-]*$/.test(path)) fail(`Malformed path "${src.slice(0, 120)}".`, "invalidPath");
  if (after && !/^\.[A-Za-z$][\w$]*$/.test(after))
    fail(`Malformed path "${src.slice(0, 120)}".`, "invalidPath");
  let filter: Filter;
  try {
    filter = parseFilter(src.slice(open + 1, close));
  } catch (e) {
    if (e instanceof ScimError) throw new ScimError(400, `Path filter: ${e.message}`, "invalidPath");
    throw e;
  }
  return { path, filter, sub: after ? after.slice(1) : undefined };
}

/** The `a eq "x" and b eq "y"` terms of a simple value filter (to create a missing element), or null. */
export function equalityTerms(f: Filter): { path: string; value: Literal }[] | null {
  if (f.kind === "cmp" && f.op === "eq") return [{ path: f.path, value: f.value }];
  if (f.kind === "and") {
    const l = equalityTerms(f.left);
    const r = equalityTerms(f.right);
    return l && r ? [...l, ...r] : null;
  }
  return null;
}

export function parsePaging(url: URL): { startIndex: number; count: number } {
  const int = (name: string, fallback: number) => {
    const v = url.searchParams.get(name);
    if (v === null || v === "") return fallback;
    const n = Number(v);
    // Safe integers only: 1e21 is an integer to JavaScript but reaches PostgreSQL as "1e+21".
    if (!Number.isSafeInteger(n))
      throw new ScimError(400, `${name} must be an integer of at most 2^53 - 1.`, "invalidValue");
    return n;
  };
  // RFC 7644 §3.4.2.4: startIndex < 1 is treated as 1; negative count as 0.
  return {
    startIndex: Math.max(1, int("startIndex", 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, int("count", MAX_RESULTS))),
  };
}

export const MAX_RESULTS = 200;
