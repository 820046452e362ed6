// Checks Koers's web editions in a real browser (Debian's Chromium through
// puppeteer-core): axe-core's WCAG 2.0/2.1 A and AA rules, no horizontal
// scroll at 320 CSS px, every chart (an SVG with role="img") followed by
// its data as a table, and the page readable without script.
// Usage: node scripts/web-check.mjs [--screenshot OUT.png] FILE.html...
// Needs, in NODE_PATH or ./node_modules: puppeteer-core, axe-core.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const puppeteer = require("puppeteer-core");
const axeSource = require("axe-core").source;

const args = process.argv.slice(2);
let screenshot = null;
if (args[0] === "--screenshot") { screenshot = args[1]; args.splice(0, 2); }
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
let failures = 0;
for (const file of args) {
  const page = await browser.newPage();
  await page.setViewport({ width: 320, height: 640 });
  // Nothing but the file itself may load.
  await page.setRequestInterception(true);
  const outside = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("file://") || url.startsWith("data:")) { request.continue(); }
    else { outside.push(url); request.abort(); }
  });
  await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const axeResult = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    const charts = [...document.querySelectorAll('svg[role="img"]')].map((svg) => {
      const figure = svg.closest("figure");
      return Boolean(figure && figure.querySelector("table"));
    });
    return {
      violations: axeResult.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      })),
      scrollWidth: document.documentElement.scrollWidth,
      charts,
    };
  });
  const problems = [];
  for (const v of result.violations) { problems.push(`axe ${v.id}: ${v.help} (${v.nodes.join("; ")})`); }
  if (result.scrollWidth > 320) { problems.push(`scrolls horizontally at 320 px (${result.scrollWidth} px wide)`); }
  if (result.charts.some((has) => !has)) { problems.push("a chart without its table"); }
  if (result.charts.length === 0) { problems.push("no chart found"); }
  if (outside.length) { problems.push(`requests outside the file: ${outside.join(", ")}`); }
  if (screenshot && file === args[0]) {
    // The summary, as a reader on a phone sees it.
    const top = await page.evaluate(() => document.getElementById("chart-progress-caption").getBoundingClientRect().top + window.scrollY - 420);
    await page.setViewport({ width: 320, height: 900 });
    await page.screenshot({ path: screenshot, clip: { x: 0, y: Math.max(0, top - 8), width: 320, height: 900 } });
  }
  if (problems.length) {
    failures += 1;
    console.log(`${file}:\n  ${problems.join("\n  ")}`);
  }
  await page.close();
}
await browser.close();
console.log(`web checks: ${args.length} page(s), ${failures} with problems`);
process.exit(failures ? 1 : 0);
