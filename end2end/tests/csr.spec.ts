import { test, expect } from "@playwright/test";
import { a11y } from "./a11y";

const csr = `http://127.0.0.1:${process.env.BEILEI_CSR_PORT ?? 3100}`;

// The same app built by trunk as static files (no server rendering), talking
// to the real server's functions through trunk's proxy.
test("the client-side-rendered build renders and signs in", async ({ page }) => {
  await page.goto(csr + "/");
  await a11y(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("蓓蕾课后服务");
  await page.goto(csr + "/login");
  await a11y(page);
  await page.getByLabel("手机号或用户名").fill("bureau002");
  await page.getByLabel("密码").fill("beilei-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/您好/);
  await a11y(page);
  await expect(page.locator('[data-role="bureau_official"]')).toContainText("市中区");
});
