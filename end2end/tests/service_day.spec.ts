import { test, expect, Locator, Page } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

// District 004's first school runs from the demo: staff004 leads a
// Monday-to-Friday session for the enrolled first class; 13800000004 is the
// first child's guardian.

/** The part of a child's card behind a summary, opened. */
async function part(card: Locator, summary: string) {
  const details = card.locator("details").filter({ has: card.page().locator("summary", { hasText: summary }) }).first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  return details;
}

/** Today's session on the staff member's week; a weekend, a day off or a
 * school holiday moves the test clock to the next service day (the demo
 * school's term is the one running when the demo was loaded, or the next). */
async function todaysSession(page: Page) {
  for (let tries = 0; tries < 60; tries++) {
    await page.goto("/my/timetable");
    const link = page.locator("section.today li.session a");
    if ((await link.count()) > 0) {
      await link.first().click();
      return;
    }
    expect((await page.request.post("/api/advance_clock", { form: { days: "1" } })).status()).toBe(200);
  }
  throw new Error("no service day within 60 days");
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

  // A photo for the gate: a large camera-sized picture, scaled on the phone.
  await page.getByRole("link", { name: "接送人照片" }).click();
  await hydrated(page);
  const big = await page.evaluate(() => {
    const c = document.createElement("canvas");
    [c.width, c.height] = [3000, 2000];
    const x = c.getContext("2d")!;
    x.fillStyle = "#c33";
    x.fillRect(0, 0, 3000, 2000);
    x.fillStyle = "#fff";
    x.fillRect(1000, 500, 1000, 1000);
    return c.toDataURL("image/png").split(",")[1];
  });
  const mine = page.locator("li.collector").filter({ hasText: "赵敏" });
  await mine.getByLabel("拍照或选择照片").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from(big, "base64") });
  await expect(page.locator("li.collector").filter({ hasText: "赵敏" }).locator("img.pickup-photo")).toBeVisible();
  const width = await page.locator("li.collector").filter({ hasText: "赵敏" }).locator("img.pickup-photo").evaluate((i) => (i as HTMLImageElement).naturalWidth);
  expect(width).toBe(480);
  await a11y(page);
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
    await expect(gate.locator("img.pickup-photo")).toHaveAttribute("alt", "赵敏");
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

test("a school keeps its safety records, a visitor is registered, hours are exported, and the bureau sees the serious incident", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "school004");
  await page.locator('li.card[data-role="school_admin"]').getByRole("link", { name: "进入" }).click();
  const school = page.url();

  // A serious incident: recorded, then the written report in the seed's five parts.
  await page.getByRole("link", { name: "安全台账" }).click();
  await a11y(page);
  const form = await part(page.locator("section.safety"), "报告事故");
  await form.locator('select[name="incident[severity]"]').selectOption({ label: "严重" });
  await form.getByLabel("事故经过").fill("课间活动时学生从单杠摔下，手臂疼痛");
  await form.getByLabel("涉及人员").fill("一（1）班 一名学生，托管教师刘老师");
  await form.getByLabel("采取的措施").fill("校医初步处理后送医");
  await form.getByLabel("已告知的家长（方式、时间）").fill("17:05 电话告知母亲");
  await form.getByRole("button", { name: "报告事故" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已记录事故" })).toBeVisible();
  const card = page.locator("li.incident").first();
  await expect(card).toContainText("书面报告须于");
  await card.getByRole("button", { name: "结案" }).click();
  await expect(page.getByRole("alert")).toContainText("须先提交书面报告");
  const report = await part(page.locator("li.incident").first(), "提交书面报告");
  for (const [label, text] of [["事故经过", "经过"], ["原因分析", "器材湿滑"], ["处理结果", "已就医，无骨折"], ["反思教训", "雨后未检查器材"], ["今后工作的改进措施", "雨后暂停单杠活动"]]) {
    await report.getByLabel(label, { exact: true }).fill(text);
  }
  await report.getByRole("button", { name: "提交书面报告" }).click();
  await expect(page.getByRole("status").filter({ hasText: "书面报告已提交" })).toBeVisible();
  await expect(page.locator("li.incident").first()).toContainText("器材湿滑");
  await a11y(page);

  // A visitor in and out on the day's board.
  await page.goto(school);
  await page.getByRole("link", { name: "今日课后服务" }).click();
  const visitor = await part(page.locator("section.visitors"), "登记来访");
  await visitor.getByLabel("姓名").fill("王师傅");
  await visitor.getByLabel("手机号").fill("13700000001");
  await visitor.getByLabel("拜访对象").fill("总务处");
  await visitor.getByLabel("事由").fill("维修电灯");
  await visitor.getByRole("button", { name: "登记来访" }).click();
  await expect(page.locator("li.visitor")).toContainText("王师傅");
  await page.locator("li.visitor").getByRole("button", { name: "已离校" }).click();
  await expect(page.locator("li.visitor").getByRole("button", { name: "已离校" })).toHaveCount(0);
  await a11y(page);

  // Served hours for pay, as a spreadsheet.
  await page.goto(school);
  await page.getByRole("link", { name: "工作量统计" }).click();
  await a11y(page);
  const href = await page.getByRole("link", { name: "下载表格（Excel）" }).getAttribute("href");
  const sheet = await page.request.get(href!);
  expect(sheet.status()).toBe(200);
  expect(sheet.headers()["content-type"]).toContain("spreadsheetml");
  expect((await sheet.body()).subarray(0, 2).toString()).toBe("PK");
  await signOut(page);

  // The district's bureau sees it among the district's incidents.
  await signIn(page, "bureau004");
  await page.locator('[data-role="bureau_official"]').getByRole("link", { name: "进入" }).click();
  const row = page.locator("table.incidents tr").filter({ hasText: "单杠" });
  await expect(row).toContainText("严重");
  await expect(row).toContainText("已提交报告");
  await a11y(page);
});
