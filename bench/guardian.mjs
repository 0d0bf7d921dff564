// What a guardian's phone downloads and how soon each page works, for the
// pages every guardian opens: `/`, a plan (`/plans/1`) and, signed in,
// `/parent` and a child's page (`/children/1`); then a school's page, sign-in and registration.
//   node bench/guardian.mjs [http://127.0.0.1:3000] [--lighthouse]
// Run it against a release build (`scripts/run.sh`). For each page: every
// byte that crossed the network with a cold cache until the network was
// idle (compressed as served, headers included), then, on a second visit,
// what the warm cache still fetched; with --lighthouse also Lighthouse's
// mobile preset (simulated slow 4G, 4x slower CPU, 360x740): performance
// score, largest contentful paint and time to interactive.
import { chromium } from "@playwright/test";
import { execFileSync } from "node:child_process";

const base = process.argv.find((a) => a.startsWith("http")) ?? "http://127.0.0.1:3000";
const lighthouse = process.argv.includes("--lighthouse");
const login = process.env.BEILEI_LOGIN ?? "13800000000";
const pages = [
  { path: "/", signedIn: false },
  { path: "/plans/1", signedIn: false },
  { path: "/parent", signedIn: true },
  // A child's page: pickup, needs and the week's sessions.
  { path: "/children/1", signedIn: true },
  // On the way, less often: a school's public page, signing in and, once,
  // registering (an island: a wrong code keeps what was typed).
  { path: "/schools/1", signedIn: false },
  { path: "/login", signedIn: false },
  { path: "/register", signedIn: false },
];
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
const session = cookies.find((c) => c.name === "beilei_session");

/** Bytes per file for one visit of `path` in `context`. */
async function visit(context, path) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map();
  const sizes = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on("Network.loadingFinished", (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  await page.close();
  return [...sizes].map(([id, bytes]) => ({ file: urls.get(id), bytes }));
}

const rows = [];
for (const { path, signedIn: needsSession } of pages) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (needsSession) await context.addCookies(cookies);
  const cold = await visit(context, path);
  const warm = await visit(context, path);
  await context.close();
  const total = (files) => files.reduce((n, f) => n + f.bytes, 0);
  console.log(`${path}: ${total(cold).toLocaleString("en")} bytes cold, ${total(warm).toLocaleString("en")} bytes on a second visit`);
  for (const f of cold.sort((a, b) => b.bytes - a.bytes)) console.log(`    ${String(f.bytes).padStart(9)}  ${f.file}`);
  const row = { path, cold: total(cold), warm: total(warm) };
  if (lighthouse) {
    const headers = needsSession ? JSON.stringify({ Cookie: `beilei_session=${session.value}` }) : "{}";
    const out = execFileSync(
      "npx",
      ["--yes", "lighthouse@12.2.3", `${base}${path}`, "--output=json", "--quiet", "--only-categories=performance",
       `--extra-headers=${headers}`, "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, maxBuffer: 64 << 20 },
    );
    const report = JSON.parse(out.toString());
    const ms = (id) => Math.round(report.audits[id]?.numericValue ?? NaN);
    Object.assign(row, {
      score: Math.round(report.categories.performance.score * 100),
      lcp: ms("largest-contentful-paint"),
      tti: ms("interactive"),
      tbt: ms("total-blocking-time"),
      transfer: report.audits["total-byte-weight"]?.numericValue,
    });
    console.log(`    Lighthouse mobile: performance ${row.score}, largest paint ${row.lcp} ms, interactive ${row.tti} ms, blocking ${row.tbt} ms, ${row.transfer} bytes`);
  }
  rows.push(row);
}
console.log("\n| page | cold bytes | second visit | Lighthouse | largest paint | interactive |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.path} | ${r.cold} | ${r.warm} | ${r.score ?? "–"} | ${r.lcp ?? "–"} ms | ${r.tti ?? "–"} ms |`);
await browser.close();
