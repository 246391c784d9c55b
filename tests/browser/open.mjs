// Open one page in Debian's headless Chromium (playwright-core, no browser download) and print,
// as JSON on stdout, what the page reports: the value of `window.__result` once
// `window.__done` is true, or else the value of the expression given with --evaluate.
//
//   node open.mjs URL --width 360 --height 640 [--evaluate EXPR] [--screenshot FILE] [--timeout MS]
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const url = args[0];
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const width = Number(option("width", "360"));
const height = Number(option("height", "640"));
const timeout = Number(option("timeout", "240000"));
const evaluate = option("evaluate", null);
const screenshot = option("screenshot", null);

const profile = mkdtempSync(join(tmpdir(), "pamflet-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width, height },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
let code = 0;
try {
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: "load", timeout });
  let result;
  if (evaluate) {
    result = await page.evaluate(evaluate);
  } else {
    await page.waitForFunction(() => window.__done === true, null, { timeout, polling: 100 });
    result = await page.evaluate(() => window.__result);
  }
  if (screenshot) await page.screenshot({ path: screenshot });
  process.stdout.write(JSON.stringify({ result, errors }) + "\n");
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + "\n");
  code = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
