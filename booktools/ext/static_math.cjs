// TeX -> MathML Core for booktools/ext/static_math.py, in one Node process per build.
// stdin: JSON [{"tex": "...", "display": true|false}, ...]
// stdout: JSON {"version": "<temml version>", "results": [{"html": "<math ...>"} | {"error": "..."}, ...]}
"use strict";
const temml = require("temml");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: temml.renderToString(tex, { displayMode: display, throwOnError: true, trust: false }) };
    } catch (err) {
      return { error: String(err.message || err).split("\n")[0].trim() };
    }
  });
  process.stdout.write(JSON.stringify({ version: temml.version, results }));
});
