// Drops unused rules from stylesheets for booktools/ext/unused_css.py, in one Node process per build.
// stdin: JSON {"css": [paths], "content": [paths of pages and scripts], "safelist": [regex sources]}
// Each stylesheet is rewritten in place.
// stdout: JSON [{"file": path, "before": bytes, "after": bytes}, ...]
"use strict";
const fs = require("fs");
const { PurgeCSS } = require("purgecss");
const purgeFromHTML = require("purgecss-from-html");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const { css, content, safelist } = JSON.parse(input);
  // raw text, not file names: PurgeCSS would read a name as a glob pattern
  const raw = content.map((file) => ({ raw: fs.readFileSync(file, "utf8"), extension: file.split(".").pop() }));
  const report = [];
  for (const file of css) {
    const before = fs.statSync(file).size;
    const [result] = await new PurgeCSS().purge({
      content: raw, css: [file], fontFace: true, keyframes: true, variables: false,
      safelist: { standard: safelist.map((source) => new RegExp(source)) },
      // pages are parsed as HTML (tags, classes, ids, attribute names and values: `img[src$=".svg"]`);
      // scripts are read word by word
      extractors: [{ extractor: purgeFromHTML, extensions: ["html"] }],
    });
    fs.writeFileSync(file, result.css);
    report.push({ file, before, after: Buffer.byteLength(result.css) });
  }
  process.stdout.write(JSON.stringify(report));
});
