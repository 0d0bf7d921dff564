import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./helpers";
import { a11y } from "./a11y";

test("a guardian signs in on a phone and sees the home page and both children", async ({ page }) => {
  await signIn(page, "13800000000");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("您好，王芳");
  await expect(page.locator('[data-role="parent"]')).toContainText("家长");
  await expect(page.locator('[data-role="parent"]')).toContainText("为孩子报名课后服务");
  await page.locator('[data-role="parent"]').getByRole("link", { name: "进入" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的孩子");
  await a11y(page);
  const children = page.locator("li.child");
  await expect(children).toHaveCount(2);
  await expect(children.nth(0)).toContainText("长春市第二实验小学净月分校");
  await expect(children.nth(1)).toContainText("净月南环小学");
});

test("a bureau official signs in and sees the district's schools", async ({ page }) => {
  await signIn(page, "bureau000");
  await expect(page.locator('[data-role="bureau_official"]')).toContainText("长春净月高新技术产业开发区");
  await page.locator('[data-role="bureau_official"]').getByRole("link", { name: "进入" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("长春净月高新技术产业开发区");
  await a11y(page);
  const rows = page.locator("table.schools tbody tr");
  await expect(rows).toHaveCount(7);
  await expect(rows.first()).toContainText("长春市第二实验小学净月分校");
});

test("a guardian cannot open the bureau's page", async ({ page, request }) => {
  await signIn(page, "13800000000");
  const response = await page.goto("/bureau/1");
  await a11y(page);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("您没有权限查看此页面");
  await expect(page.locator("table.data")).toHaveCount(0);
  // Nor through the server function itself.
  const api = await page.request.post("/api/district_overview", { form: { district: "1" } });
  expect(api.status()).toBe(403);
});

test("a wrong password gets one plain message, for a known and an unknown account alike", async ({ page }) => {
  for (const login of ["13800000000", "13899999999"]) {
    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("手机号或用户名").fill(login);
    await page.getByLabel("密码").fill("not the password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("alert")).toHaveText("账号或密码不正确。");
    await a11y(page);
  }
});

test("the language switches to English and stays switched", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await a11y(page);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await a11y(page);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "school000");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
  await a11y(page);
  const response = await page.goto("/school/1");
  await a11y(page);
  expect(response?.status()).toBe(401);
});
