import { test, expect, Locator, Page } from "@playwright/test";
import { signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

// District 004's first school runs from the demo: staff004 leads a
// Monday-to-Friday session for the enrolled first class; 13800000004 is the
// first child's guardian.

/** The part of a child's card behind a summary, opened. */
async function part(card: Locator, summary: string) {
  const details = card.locator("details").filter({ has: card.page().locator("summary", { hasText: summary }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  return details;
}

/** Today's session on the staff member's week; a weekend or a day off moves
 * the test clock to the next service day. */
async function todaysSession(page: Page) {
  for (let tries = 0; tries < 7; tries++) {
    await page.goto("/my/timetable");
    const link = page.locator("section.today li.session a");
    if ((await link.count()) > 0) {
      await link.first().click();
      return;
    }
    expect((await page.request.post("/api/advance_clock", { form: { days: "1" } })).status()).toBe(200);
  }
  throw new Error("no service day within a week");
}

test("staff take attendance on a phone, a stranger is refused, the guardian confirms a leave slip and the child goes home by code", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  // The guardian's phone shows the child's pickup code.
  await signIn(page, "13800000004");
  await page.goto("/parent");
  await page.getByRole("link", { name: /接送/ }).first().click();
  await a11y(page);
  const childPage = page.url();
  const child = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  const code = await page.locator("[data-pickup-code]").getAttribute("data-pickup-code");
  expect(code).toMatch(/^\d{6}$/);
  await signOut(page);

  await signIn(page, "staff004");
  await todaysSession(page);
  const session = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("作业辅导");
  await a11y(page);

  // All present but one: the guardian's child, ticked absent.
  const register = page.locator("ul.register-list li");
  const children = await register.count();
  expect(children).toBeGreaterThan(1);
  await register.filter({ hasText: child }).locator("label").click();
  await page.getByRole("button", { name: `提交考勤（共 ${children} 人）` }).click();
  await expect(page.getByRole("status").filter({ hasText: "考勤已由 刘老师" })).toBeVisible();
  await a11y(page);
  const card = page.locator("li.child").filter({ hasText: child });
  await expect(card.locator(".chip").first()).toHaveText("缺勤");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // A resubmitted form records nothing twice: the sheet is already in.
  // The child arrives late: a correction, not an edit.
  const correction = await part(card, "更正考勤");
  await correction.getByLabel("原因").fill("迟到 10 分钟");
  await correction.getByRole("button", { name: "改为出勤" }).click();
  await expect(card.locator(".chip").first()).toHaveText("出勤");

  // A stranger at the gate is refused, and it is recorded.
  const gate = await part(card, "交给接送人");
  await gate.locator('select[name="handover[collector]"]').selectOption({ label: "其他人（不在名单上）" });
  await gate.getByLabel("来人自称（不在名单上时填写）").fill("陌生人");
  await gate.getByRole("button", { name: "交给接送人" }).click();
  await expect(page.getByRole("alert")).toContainText("来人不在授权接送人名单");
  await a11y(page);

  // The child must leave early: a leave slip for the guardian to sign.
  const now = await page.evaluate(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(11, 16));
  const slip = await part(card, "开具离校假条");
  await slip.getByLabel("时间").fill(now);
  await slip.getByLabel("原因").fill("看牙医");
  await slip.getByRole("button", { name: "开具离校假条" }).click();
  await expect(page.getByRole("status").filter({ hasText: "假条已开出" })).toBeVisible();
  await expect(card).toContainText("等待家长确认");
  await signOut(page);

  // The guardian: the absence notice, the refused stranger, the slip to sign.
  await signIn(page, "13800000004");
  await page.goto("/inbox");
  await a11y(page);
  await expect(page.locator("li.notice").filter({ hasText: "孩子未到，也没有请假" })).toHaveCount(1);
  await expect(page.locator("li.notice").filter({ hasText: "陌生人" })).toHaveCount(1);
  await expect(page.locator("li.notice").filter({ hasText: "看牙医" })).toHaveCount(1);
  await page.goto(childPage);
  await page.locator("li.slip").getByRole("button", { name: "确认假条" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已确认假条" })).toBeVisible();
  await expect(page.locator("li.slip")).toContainText("家长已确认");
  await signOut(page);

  // Staff see the signed slip, and hand the child to the guardian by code.
  await signIn(page, "staff004");
  await page.goto(session);
  const again = page.locator("li.child").filter({ hasText: child });
  await expect(again).toContainText("家长已确认");
  for (const attempt of [code === "000000" ? "111111" : "000000", code!]) {
    const gate = await part(again, "交给接送人");
    await gate.locator('select[name="handover[collector]"]').selectOption({ label: "赵敏" });
    await gate.getByLabel("接送码").fill(attempt);
    await gate.getByRole("button", { name: "交给接送人" }).click();
    if (attempt !== code) await expect(page.getByRole("alert")).toContainText("接送码不符");
  }
  await expect(page.getByRole("status").filter({ hasText: "已交接。" })).toBeVisible();
  await expect(again).toContainText("交给家长 赵敏");
  await a11y(page);
  await signOut(page);

  // The school's board lists both refused attempts.
  await signIn(page, "school004");
  await page.locator('li.card[data-role="school_admin"]').getByRole("link", { name: "进入" }).click();
  await page.getByRole("link", { name: "今日课后服务" }).click();
  await a11y(page);
  const refused = page.locator("section.school-day li").filter({ hasText: child });
  await expect(refused.filter({ hasText: "陌生人 · 不在授权接送人名单" })).toHaveCount(1);
  await expect(refused.filter({ hasText: "接送码不符" })).toHaveCount(1);
  await signOut(page);

  // The guardian sees the day: present, and who took the child when.
  await signIn(page, "13800000004");
  await page.goto(childPage);
  const day = page.locator("li.day").first();
  await expect(day.locator(".chip").first()).toHaveText("出勤");
  await expect(day).toContainText("交给家长 赵敏");
  await a11y(page);
});
