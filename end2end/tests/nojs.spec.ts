import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD } from "./helpers";

// A locked-down in-app browser, or a network that never delivers the script:
// every step a guardian needs works from the server's HTML alone.
test.use({ javaScriptEnabled: false });

test("without JavaScript a guardian finds the school, reads its plan, signs in, applies once and sees the status", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("所属区域").selectOption({ label: "长春净月高新技术产业开发区" });
  await page.getByLabel("学校名称（输入其中几个字即可）").fill("七十四");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/\/schools\?district=\d+&q=/);
  await page.getByRole("link", { name: "长春市第七十四中学（附设小学班）" }).click();
  await expect(page).toHaveURL(/\/schools\/\d+$/);
  await page.locator("section.school-public ul.cards h3 a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("课后服务方案");
  const plan = page.url();

  await page.getByRole("link", { name: "登录" }).first().click();
  await page.getByLabel("手机号或用户名").fill("13800000001");
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确。");
  await page.getByLabel("手机号或用户名").fill("13800000001");
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");

  // The application form carries its submission key: the same form sent
  // twice (a double tap, a retry on a bad network) is one application.
  await page.goto(plan);
  const form = page.locator("section.apply form");
  const fields = Object.fromEntries(
    await Promise.all(
      ["plan", "student", "idempotency_key"].map(async (n) => [n, await form.locator(`input[name="${n}"]`).getAttribute("value")]),
    ),
  );
  await form.getByLabel("留守儿童").check();
  await form.getByRole("button", { name: "提交报名" }).click();
  await expect(page.getByRole("status")).toContainText("报名已提交");
  const again = await page.request.post("/api/apply", {
    form: { ...fields, "declaration[note]": "" },
    headers: { Accept: "text/html", Referer: plan },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(302);

  await page.goto("/parent");
  const apps = page.locator("li.application");
  await expect(apps).toHaveCount(1);
  await expect(apps.first().locator(".status")).toHaveText("审核中");
});
