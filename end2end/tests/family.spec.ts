import { test, expect, Page } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

const PHONE = "13700000077";
const PASSWORD = "family password 1";

/** The link code and name of the last child of a school's first class, as the school prints them. */
async function lastCodeOfFirstClass(page: Page, admin: string, school: number) {
  await signIn(page, admin);
  await page.goto(`/school/${school}`);
  await a11y(page);
  await page.getByRole("link", { name: "家长绑定码" }).first().click();
  const row = page.locator("table.codes tbody tr").last();
  const code = (await row.locator("td.code code").innerText()).trim();
  const name = (await row.locator("td").nth(1).innerText()).trim();
  await signOut(page);
  return { code, name };
}

test("a guardian registers, links two children by code, applies, signs the agreement and follows every step", async ({ page }) => {
  // Eight sign-ins and two schools' chains: a long story.
  test.setTimeout(240_000);
  const first = await lastCodeOfFirstClass(page, "school000", 1);
  const second = await lastCodeOfFirstClass(page, "school000b", 2);

  // Registration with the code an SMS would bring (read from the test server's outbox).
  await page.goto("/login");
  await a11y(page);
  await page.getByRole("link", { name: "还没有账号？家长注册" }).click();
  await hydrated(page);
  await page.getByLabel("手机号").fill(PHONE);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByRole("status")).toHaveText("验证码已发送，10 分钟内有效。");
  await a11y(page);
  const text = await (await page.request.post("/api/test_last_text", { form: { phone: PHONE } })).json();
  const code = /\d{6}/.exec(text)![0];
  await page.getByLabel("短信验证码").fill(code === "000000" ? "111111" : "000000");
  await page.getByLabel("您的姓名").fill("赵敏");
  await page.getByLabel("密码（至少 8 位）").fill(PASSWORD);
  await page.getByRole("button", { name: "注册并登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("验证码不正确。");
  await a11y(page);
  await page.getByLabel("短信验证码").fill(code);
  await page.getByRole("button", { name: "注册并登录" }).click();
  await expect(page).toHaveURL(/\/parent$/);
  await a11y(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的孩子");
  await hydrated(page);

  // Link both children; a used code does not work twice.
  for (const child of [first, second]) {
    await page.getByLabel("绑定码").fill(child.code.toLowerCase());
    await page.getByLabel("孩子姓名").fill(child.name);
    await page.getByLabel("与孩子的关系").fill("母亲");
    await page.getByLabel("我已阅读上述告知，作为孩子的监护人同意。").check();
    await page.getByRole("button", { name: "绑定孩子" }).click();
    await expect(page.locator("li.child").filter({ hasText: child.name })).toHaveCount(1);
    await a11y(page);
  }
  await page.getByLabel("绑定码").fill(first.code);
  await page.getByLabel("孩子姓名").fill(first.name);
  await page.getByLabel("我已阅读上述告知，作为孩子的监护人同意。").check();
  await page.getByRole("button", { name: "绑定孩子" }).click();
  await expect(page.getByRole("alert")).toHaveText("绑定码无效、已被使用，或与孩子姓名不符。");
  await a11y(page);
  await expect(page.locator("li.child")).toHaveCount(2);

  // Apply for each child at its own school's plan.
  for (const child of [first, second]) {
    await page.goto("/parent");
    await a11y(page);
    await page.locator("li.child").filter({ hasText: child.name }).getByRole("link", { name: "课后服务方案" }).click();
    await page.locator("ul.cards h3 a").first().click();
    await hydrated(page);
    const form = page.locator("section.apply .card").filter({ hasText: child.name });
    await form.getByRole("button", { name: "提交报名" }).click();
    await expect(form.getByRole("status")).toContainText("报名已提交");
    await a11y(page);
  }
  await page.goto("/parent");
  await a11y(page);
  await expect(page.locator("li.application")).toHaveCount(2);
  await signOut(page);

  // The second school's chain approves the second child; places, notice, final.
  for (const reviewer of ["teacher000b", "school000b"]) {
    await signIn(page, reviewer);
    await page.goto("/plans/2/review");
    await hydrated(page);
    const card = page.locator("li.application").filter({ hasText: second.name });
    await card.getByRole("button", { name: "通过", exact: true }).click();
    await expect(page.locator("li.application").filter({ hasText: second.name })).toHaveCount(0);
    await a11y(page);
    if (reviewer === "school000b") {
      await page.getByRole("button", { name: "分配名额" }).click();
      await expect(page.getByRole("status")).toContainText("名额已分配");
      await a11y(page);
      await page.getByRole("button", { name: "公示录取名单" }).click();
      await page.getByRole("link", { name: "录取名单公示" }).click();
      await expect(page.locator("table.notice tbody tr")).toHaveCount(1);
      await a11y(page);
      expect((await page.request.post("/api/advance_clock", { form: { days: "4" } })).status()).toBe(200);
      await page.reload();
      await hydrated(page);
      await page.getByRole("button", { name: "确认正式录取" }).click();
      await expect(page.getByText("录取已确认。")).toBeVisible();
      await a11y(page);
      // The school publishes (and so signs) the agreement.
      await page.goto("/plans/2/agreement");
      await hydrated(page);
      await page.getByLabel("协议文本").fill("一、服务时间：每周一至周五 16:30—18:00。\n二、接送：家长或授权接送人凭接送卡在东门接走。");
      await page.getByRole("button", { name: "发布新版本（学校签章）" }).click();
      await expect(page.getByText("本版本已签署 0 人，已录取 1 人。")).toBeVisible();
      await a11y(page);
    }
    await signOut(page);
  }

  // The guardian signs with the child's acknowledgement and the insurance declared.
  await signIn(page, PHONE, PASSWORD);
  await page.goto("/parent");
  await a11y(page);
  const admitted = page.locator("li.application").filter({ hasText: "已正式录取" });
  await expect(admitted).toHaveCount(1);
  await admitted.getByRole("link", { name: "服务协议" }).click();
  await hydrated(page);
  const agreementUrl = page.url();
  await expect(page.getByText("请阅读并签署本版本协议。")).toBeVisible();
  await page.getByRole("button", { name: "签署协议" }).click();
  await expect(page.getByRole("alert")).toHaveText("请确认已向孩子说明协议。");
  await a11y(page);
  await page.getByLabel("我已向孩子说明协议内容，孩子知晓并同意遵守。").check();
  await page.getByLabel("已购买").check();
  await page.getByLabel("承保公司").fill("中国平安");
  await page.getByRole("button", { name: "签署协议" }).click();
  await expect(page.locator("ul.signatures li")).toHaveCount(3);
  await a11y(page);
  const hash = (await page.locator("p.hash code").innerText()).trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole("link", { name: "查看签署回执" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("签署回执");
  await a11y(page);
  await expect(page.locator("section.receipt")).toContainText(hash);
  await expect(page.locator("section.receipt")).toContainText("中国平安");
  const receiptUrl = page.url();

  // The inbox told the guardian of each step, newest first.
  await page.goto("/inbox");
  await a11y(page);
  const notices = page.locator("li.notice");
  await expect(notices.nth(0)).toContainText("已签署服务协议第 1 版。");
  await expect(notices.nth(1)).toContainText("学校发布了服务协议第 1 版，请阅读并签署。");
  await expect(notices.nth(2)).toContainText("公示期满，已正式录取。");
  await expect(page.locator("li.notice").filter({ hasText: "报名已提交" })).toHaveCount(2);
  await signOut(page);

  // Another guardian sees none of it.
  await signIn(page, "13800000001");
  await page.goto("/parent");
  await a11y(page);
  await expect(page.locator("li.child").filter({ hasText: first.name })).toHaveCount(0);
  await expect(page.locator("li.application").filter({ hasText: second.name })).toHaveCount(0);
  for (const url of [agreementUrl, receiptUrl]) {
    const res = await page.goto(url);
    await a11y(page);
    expect(res!.status()).toBe(403);
    await expect(page.locator("main")).not.toContainText(second.name);
  }
});

test("a school admin previews a roster, sees every bad row, and imports a clean one", async ({ page }) => {
  await signIn(page, "school000");
  await page.goto("/school/1");
  await a11y(page);
  await page.getByRole("link", { name: "导入学生名册" }).click();
  await hydrated(page);
  const bad = "年级,班级,姓名,学号\n3,三年级（9）班,周杰,e2e-1\n十,三年级（9）班,吴磊,e2e-2\n";
  await page.getByLabel("名册文件").setInputFiles({ name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByRole("alert")).toHaveText("以下行有误，整份名册不会导入：");
  await a11y(page);
  await expect(page.locator(".roster-errors tbody tr")).toHaveText(["3年级: 年级应为 1–9"]);
  const good = bad.replace("十,", "3,");
  await page.getByLabel("名册文件").setInputFiles({ name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("status")).toHaveText("全部行无误，可以导入，共 2 名学生。");
  await a11y(page);
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByRole("status")).toHaveText("导入完成，已为 2 名学生各生成一个绑定码。");
  await a11y(page);
  await page.goto("/school/1");
  await a11y(page);
  await page.locator("tr").filter({ hasText: "三年级（9）班" }).getByRole("link", { name: "家长绑定码" }).click();
  await expect(page.locator("table.codes tbody tr")).toHaveCount(2);
  await a11y(page);
  await expect(page.locator("table.codes td.code code").first()).toHaveText(/^[A-Z2-9]{8}$/);
});
