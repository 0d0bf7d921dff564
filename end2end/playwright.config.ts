import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium: browsers cannot be downloaded here (nor behind many
// firewalls), so Playwright drives the system one.
const chromium = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

const base = process.env.BEILEI_URL ?? "http://127.0.0.1:3000";
const csrPort = Number(process.env.BEILEI_CSR_PORT ?? 3100);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: base,
    trace: "off",
    // A missing element fails the step that wanted it, not the whole test later.
    actionTimeout: 15_000,
    launchOptions: chromium,
  },
  projects: [
    // A cheap phone: what parents use.
    { name: "phone", use: { ...devices["Pixel 5"], viewport: { width: 360, height: 740 }, launchOptions: chromium } },
  ],
  // The client-side-rendered build (Trunk.toml) served by trunk, proxying
  // server functions to the real server.
  webServer: {
    command: `trunk serve --release --port ${csrPort} --proxy-backend=${base}/api`,
    cwd: "..",
    url: `http://127.0.0.1:${csrPort}/`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
