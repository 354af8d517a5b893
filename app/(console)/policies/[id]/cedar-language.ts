import { StreamLanguage, type StringStream } from "@codemirror/language";

// A small Cedar highlighting mode: comments, annotations, strings, numbers, keywords,
// entity types / Action::"…" paths, operators.
const KEYWORDS =
  /^(permit|forbid|when|unless|principal|action|resource|context|in|has|like|is|if|then|else|true|false)\b/;

export const cedarLanguage = StreamLanguage.define<null>({
  name: "cedar",
  startState: () => null,
  token(stream: StringStream) {
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^@[A-Za-z_]\w*/)) return "meta";
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^-?\d+/)) return "number";
    if (stream.match(KEYWORDS)) return "keyword";
    if (stream.match(/^[A-Z][A-Za-z0-9_]*(::[A-Za-z0-9_]+)*(::)?/)) return "typeName";
    if (stream.match(/^[A-Za-z_]\w*/)) return "variableName";
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||[<>!+\-*])/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "//" } },
});
