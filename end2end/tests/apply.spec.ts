import { test, expect } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

test("a guardian applies, the class teacher and the school approve, the guardian follows it", async ({ page }) => {
  await signIn(page, "13800000000");
  await page.goto("/plans/1");
  await hydrated(page);
  const form = page.locator("section.apply .card").first();
  await form.getByLabel("留守儿童").check();
  await form.getByLabel("补充说明（可选）").fill("父母在外地工作，由祖父母照看");
  // A double tap submits once.
  await form.getByRole("button", { name: "提交报名" }).dblclick();
  await expect(form.getByRole("status")).toHaveText("报名已提交，请在“我的报名”中查看审核进度。");
  await a11y(page);
  await page.goto("/parent");
  await a11y(page);
  const mine = page.locator("li.application");
  await expect(mine).toHaveCount(1);
  await expect(mine.first()).toContainText("审核中");
  await expect(mine.first()).toContainText("班主任审核");
  await expect(mine.first()).toContainText("留守儿童");
  await signOut(page);

  // Another guardian sees none of it.
  await signIn(page, "13800000001");
  await page.goto("/parent");
  await a11y(page);
  await expect(page.locator("li.application")).toHaveCount(0);
  await signOut(page);

  for (const reviewer of ["teacher000", "school000"]) {
    await signIn(page, reviewer);
    await page.goto("/plans/1/review");
    await hydrated(page);
    const card = page.locator("li.application").filter({ hasText: "父母在外地工作" });
    await expect(card).toHaveCount(1);
    await card.getByRole("button", { name: "通过", exact: true }).click();
    await expect(page.locator("li.application").filter({ hasText: "父母在外地工作" })).toHaveCount(0);
    await a11y(page);
    await signOut(page);
  }

  await signIn(page, "13800000000");
  await page.goto("/parent");
  await a11y(page);
  await expect(page.locator("li.application").first()).toContainText("审核通过，等待分配名额");
  await signOut(page);

  // The school allocates places; the left-behind child counts as priority.
  await signIn(page, "school000");
  await page.goto("/plans/1/review");
  await hydrated(page);
  await page.getByRole("button", { name: "分配名额" }).click();
  await expect(page.getByRole("status")).toContainText("录取 1 人，候补 0 人，共 200 个名额");
  await a11y(page);
  await signOut(page);
  await signIn(page, "13800000000");
  await page.goto("/parent");
  await a11y(page);
  const card = page.locator("li.application").first();
  await expect(card).toContainText("已录取");
  await expect(card).toContainText("分配顺序：第 1 位");
  await expect(card).toContainText("优先群体");
  await expect(card.getByRole("button", { name: "撤回报名" })).toHaveCount(0);

  // The inbox told the guardian of every step, newest first.
  await page.getByRole("link", { name: "消息通知" }).click();
  const notices = page.locator("li.notice");
  await expect(notices).toHaveCount(4);
  await a11y(page);
  await expect(notices.nth(0)).toContainText("已录取，分配顺序第 1 位。");
  await expect(notices.nth(1)).toContainText("审核全部通过");
  await expect(notices.nth(2)).toContainText("已通过：班主任审核");
  await expect(notices.nth(3)).toContainText("报名已提交");
  await signOut(page);

  // The school puts the admitted list on public notice (class and masked name).
  await signIn(page, "school000");
  await page.goto("/plans/1/review");
  await hydrated(page);
  await page.getByRole("button", { name: "公示录取名单" }).click();
  await page.getByRole("link", { name: "录取名单公示" }).click();
  await expect(page.locator("table.notice tbody tr")).toHaveCount(1);
  await a11y(page);
  await expect(page.locator("table.notice")).toContainText("一年级（1）班");
  await expect(page.locator("table.notice tbody")).toContainText("*");
  await signOut(page);

  // The guardian objects during the period; the school answers.
  await signIn(page, "13800000000");
  await page.goto("/plans/1/notice");
  await hydrated(page);
  await page.getByLabel("异议内容").fill("请核实公示名单中的班级信息");
  await page.getByRole("button", { name: "提出异议" }).click();
  await expect(page.locator("li.objection")).toContainText("等待学校答复");
  await a11y(page);
  await signOut(page);
  await signIn(page, "school000");
  await page.goto("/plans/1/notice");
  await hydrated(page);
  await page.getByRole("button", { name: "确认正式录取" }).click();
  await expect(page.getByRole("alert")).toContainText("公示期未满，暂不能确认录取。");
  await a11y(page);
  await page.getByLabel("学校答复").fill("已核实，班级信息无误。");
  await page.getByRole("button", { name: "答复", exact: true }).click();
  await expect(page.locator("li.objection")).toContainText("已核实，班级信息无误。");
  await a11y(page);

  // The notice period (3 days in district 000) passes on the test clock.
  const moved = await page.request.post("/api/advance_clock", { form: { days: "4" } });
  expect(moved.status()).toBe(200);
  await page.reload();
  await hydrated(page);
  await page.getByRole("button", { name: "确认正式录取" }).click();
  await expect(page.getByText("录取已确认。")).toBeVisible();
  await a11y(page);
  await signOut(page);

  await signIn(page, "13800000000");
  await page.goto("/parent");
  await a11y(page);
  await expect(page.locator("li.application").first()).toContainText("已正式录取");
  await page.getByRole("link", { name: "消息通知" }).click();
  await expect(page.locator("li.notice").nth(0)).toContainText("公示期满，已正式录取。");
  await a11y(page);
  await expect(page.locator("li.notice").nth(1)).toContainText("录取名单已公示");
});
