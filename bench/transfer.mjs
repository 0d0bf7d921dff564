// Bytes a guardian's phone downloads for their first page, cold cache:
// signs in as the demo guardian, then opens each page in a fresh browser
// context and sums what crossed the network (compressed, headers included).
//   node bench/transfer.mjs [http://127.0.0.1:3000] [login]
// Run it against a release build (`scripts/run.sh`).
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const login = process.argv[3] ?? "13800000000";
const pages = ["/parent", "/inbox", "/plans/1"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});

const signedIn = await browser.newContext();
const form = await signedIn.request.post(`${base}/api/sign_in`, {
  form: { identifier: login, password: process.env.BEILEI_PASSWORD ?? "beilei-demo" },
  headers: { Origin: base },
});
if (!form.ok()) throw new Error(`sign-in failed: ${form.status()}`);
const cookies = await signedIn.cookies();

for (const path of pages) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const urls = new Map();
  const sizes = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on("Network.loadingFinished", (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__beilei_hydrated === true, null, { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  let total = 0;
  const rows = [];
  for (const [id, bytes] of sizes) {
    total += bytes;
    rows.push(`    ${String(bytes).padStart(9)}  ${urls.get(id)}`);
  }
  console.log(`${path}: ${total.toLocaleString("en")} bytes transferred`);
  console.log(rows.sort().reverse().join("\n"));
  await context.close();
}
await browser.close();
