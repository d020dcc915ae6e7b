// Render the book's equations with each candidate renderer, for booktools/bench/math_fidelity.py.
// stdin: JSON [{"tex": "...", "display": bool}, ...]; argv[2]: temml | mathjax-svg | mathjax-chtml
// stdout: JSON {"results": [{"html": "..."} | {"error": "..."}], "css": "<stylesheet the output needs>"}
"use strict";

const which = process.argv[2];

function read() {
  return new Promise((resolve) => {
    let input = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (c) => { input += c; });
    process.stdin.on("end", () => resolve(JSON.parse(input)));
  });
}

async function temml(items) {
  const temml = require("temml");
  const results = items.map(({ tex, display }) => {
    try {
      return { html: temml.renderToString(tex, { displayMode: display, throwOnError: true }) };
    } catch (err) {
      return { error: String(err.message).split("\n")[0] };
    }
  });
  return { results, css: "" };
}

async function mathjax(items, output) {
  // The TeX packages of the MathJax page component the book served before, minus `noundefined`
  // (which would draw an unknown macro in red instead of reporting it) and `noerrors`.
  const MathJax = await require("mathjax").init({
    loader: { load: ["input/tex-base", "[tex]/ams", "[tex]/newcommand", "[tex]/configmacros", "[tex]/boldsymbol",
                     `output/${output}`, "adaptors/liteDOM"] },
    tex: { packages: ["base", "ams", "newcommand", "configmacros", "boldsymbol"] },
    svg: { fontCache: "local" },
    chtml: { fontURL: "fonts" },
    startup: { typeset: false },
  });
  const adaptor = MathJax.startup.adaptor;
  const convert = output === "svg" ? MathJax.tex2svg : MathJax.tex2chtml;
  const results = items.map(({ tex, display }) => {
    try {
      const node = convert(tex, { display });
      const html = adaptor.outerHTML(node);
      const err = /data-mjx-error="([^"]*)"/.exec(html);
      return err ? { error: err[1] } : { html };
    } catch (err) {
      return { error: String(err.message) };
    }
  });
  const css = output === "chtml" ? adaptor.textContent(MathJax.chtmlStylesheet()) : "";
  return { results, css };
}

read().then(async (items) => {
  const out = which === "temml" ? await temml(items) : await mathjax(items, which.replace("mathjax-", ""));
  process.stdout.write(JSON.stringify(out));
});
