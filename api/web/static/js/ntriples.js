// Just enough N-Triples to show a CONSTRUCT or DESCRIBE result as a table of SPARQL-JSON-like terms.

const TERM = /\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)/y;

function term(token) {
  if (token.startsWith("<")) return { type: "uri", value: token.slice(1, -1) };
  if (token.startsWith("_:")) return { type: "bnode", value: token.slice(2) };
  const end = token.lastIndexOf('"');
  // N-Triples string escapes (\" \\ \n \t \uXXXX) are JSON's
  const value = JSON.parse(token.slice(0, end + 1).replace(/\\U([0-9A-Fa-f]{8})/g,
    (_, hex) => String.fromCodePoint(parseInt(hex, 16)).split("").map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")));
  const rest = token.slice(end + 1);
  const out = { type: "literal", value };
  if (rest.startsWith("@")) out["xml:lang"] = rest.slice(1);
  if (rest.startsWith("^^")) out.datatype = rest.slice(3, -1);
  return out;
}

/** [{subject, predicate, object}] of an N-Triples document (comments and blank lines skipped). */
export function parseNTriples(text) {
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const parts = [];
    TERM.lastIndex = 0;
    for (let i = 0; i < 3; i += 1) {
      const m = TERM.exec(line);
      if (!m) break;
      parts.push(term(m[1]));
    }
    if (parts.length === 3) out.push({ subject: parts[0], predicate: parts[1], object: parts[2] });
  }
  return out;
}
