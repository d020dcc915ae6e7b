// Which of several Lighthouse reports of one page is the median run, chosen by Lighthouse's own
// computeMedianRun (closest to the median first contentful paint and time to interactive).
// argv: report.json paths; stdout: the index of the median run among them.
import { readFileSync } from "node:fs";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";

const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, "utf8")));
process.stdout.write(String(runs.indexOf(computeMedianRun(runs))));
