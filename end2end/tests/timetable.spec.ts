import { test, expect, Page } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

// A Monday inside the demo plans' term (2026-09-01 to 2027-01-22), so the
// test reads the same week whatever day it runs.
const WEEK = "2026-12-07";

const FOREIGN_ICS =
  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

async function addSession(page: Page, s: { weekday: string; from: string; to: string; activity: string; room: string; group: string; lead: string }) {
  const form = page.locator("details").filter({ hasText: "添加课程" });
  if (!(await form.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await form.locator("summary").click();
  }
  await form.getByLabel("星期").selectOption({ label: s.weekday });
  await form.getByLabel("开始").fill(s.from);
  await form.getByLabel("结束").fill(s.to);
  await form.getByLabel("活动").selectOption({ label: s.activity });
  await form.getByLabel("场地").selectOption({ label: s.room });
  await form.getByLabel("分组").selectOption({ label: s.group });
  await form.locator('select[name="session[lead]"]').selectOption({ label: s.lead });
  await form.getByRole("button", { name: "添加课程" }).click();
  await expect(page.getByRole("status")).toHaveText("已添加课程。");
}

test("a school imports the calendar, adds rooms and vetted staff, fixes the finder's conflicts and publishes; staff and guardians read it", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "school001");
  await page.locator('li.card[data-role="school_admin"]').getByRole("link", { name: "进入" }).click();
  const school = page.url();

  // The year's calendar, from the shipped data; a foreign file changes nothing.
  await page.getByRole("link", { name: "校历" }).click();
  await hydrated(page);
  await page.locator("form").getByLabel("年份").selectOption("2026");
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("已导入 2026 年校历。");
  await a11y(page);
  const days = page.locator("table.days tbody tr");
  const imported = await days.count();
  expect(imported).toBeGreaterThan(30);
  await expect(days.filter({ hasText: "2026-10-01" })).toContainText("国庆节");
  await expect(days.filter({ hasText: "2026-10-10" })).toContainText("调休上班");
  await hydrated(page);
  await page.getByLabel("自有日历文件（iCalendar .ics）").setInputFiles({ name: "party.ics", mimeType: "text/calendar", buffer: Buffer.from(FOREIGN_ICS) });
  await page.getByRole("button", { name: "导入文件" }).click();
  await expect(page.getByRole("alert")).toContainText("这不是节假日日历");
  await a11y(page);
  await page.reload();
  await expect(days).toHaveCount(imported);

  // Rooms and two teachers, one of them vetted.
  await page.goto(school);
  await page.getByRole("link", { name: "场地与人员" }).click();
  await a11y(page);
  for (const [name, kind, capacity] of [["101教室", "教室", "40"], ["图书馆", "图书馆", "60"]]) {
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "添加场地" }) });
    await form.getByLabel("名称").fill(name);
    await form.getByLabel("类型").selectOption({ label: kind });
    await form.getByLabel("容纳人数").fill(capacity);
    await form.getByRole("button", { name: "添加场地" }).click();
    await expect(page.locator("table.rooms")).toContainText(name);
  }
  for (const [name, phone] of [["张老师", "13600000011"], ["王老师", "13600000012"]]) {
    await page.locator("summary").filter({ hasText: "添加人员" }).click();
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "添加人员" }) });
    await form.getByLabel("姓名").fill(name);
    await form.getByLabel("手机号", { exact: true }).fill(phone);
    await form.getByRole("button", { name: "添加人员" }).click();
    await expect(page.locator("li.person").filter({ hasText: name })).toContainText("未审查，不得上岗");
  }
  // 张老师 is invited to sign in: the code goes to his phone, never to the page.
  await page.locator("li.person").filter({ hasText: "张老师" }).getByRole("button", { name: "邀请登录" }).click();
  await expect(page.getByRole("status")).toHaveText("已把邀请码发到此人的手机。");
  await expect(page.locator("li.person").filter({ hasText: "张老师" })).toContainText("已邀请登录");
  const invitation = /[A-Z2-9]{8}/.exec(await (await page.request.post("/api/test_last_text", { form: { phone: "13600000011" } })).json())![0];
  await expect(page.locator("body")).not.toContainText(invitation);
  await a11y(page);
  const vet = async (name: string) => {
    const card = page.locator("li.person").filter({ hasText: name });
    await card.locator("summary").click();
    await card.getByLabel("审查日期").fill("2026-09-01");
    await card.getByLabel("审查结果").selectOption({ label: "无违法犯罪记录" });
    await card.getByLabel("资质（如教师资格证）").fill("小学教师资格证");
    await card.getByLabel("有效期至").fill("2028-08-31");
    await card.getByRole("button", { name: "登记审查结果" }).click();
    await expect(page.locator("li.person").filter({ hasText: name })).toContainText("可上岗（至 2028-08-31）");
  };
  await vet("张老师");

  // The timetable: a group of the children who may attend, and two sessions
  // that clash in one room, one led by the unvetted teacher.
  await page.goto(school);
  await page.getByRole("link", { name: "课表" }).first().click();
  await page.getByRole("button", { name: "建立课表" }).click();
  await a11y(page);
  for (const group of ["一年级组", "阅读组"]) {
    await page.getByLabel("分组名称").fill(group);
    await page.getByRole("button", { name: "添加分组" }).click();
    await expect(page.locator("li.group").filter({ hasText: group })).toHaveCount(1);
  }
  const first = page.locator("li.group").filter({ hasText: "一年级组" });
  await first.getByLabel("按班级添加").selectOption({ label: "一年级（1）班" });
  await first.getByRole("button", { name: "添加" }).last().click();
  await expect(page.locator("li.group").filter({ hasText: "一年级组" }).locator("ul.members li").first()).toBeVisible();
  await a11y(page);
  await addSession(page, { weekday: "周一", from: "16:30", to: "18:00", activity: "作业辅导", room: "101教室（40）", group: "一年级组（6）", lead: "张老师" });
  await addSession(page, { weekday: "周一", from: "17:00", to: "18:00", activity: "阅读", room: "101教室（40）", group: "阅读组（0）", lead: "王老师（未审查，不得上岗）" });
  const conflicts = page.locator("li.conflict");
  await expect(conflicts).toHaveCount(2);
  await expect(conflicts.filter({ hasText: "101教室 同一时间安排了两个课程" })).toHaveCount(1);
  await expect(conflicts.filter({ hasText: "王老师未审查，不得上岗" })).toHaveCount(1);
  await a11y(page);
  await page.getByRole("button", { name: "发布课表" }).click();
  await expect(page.getByRole("alert")).toHaveText("课表还有冲突，解决后才能发布。");
  await a11y(page);

  // Fix both: the reading group moves to the library, and the teacher is vetted.
  const timetable = page.url().split("?")[0];
  await page.locator("li.session").filter({ hasText: "阅读" }).getByRole("button", { name: "删除" }).click();
  await addSession(page, { weekday: "周一", from: "17:00", to: "18:00", activity: "阅读", room: "图书馆（60）", group: "阅读组（0）", lead: "王老师（未审查，不得上岗）" });
  await expect(conflicts).toHaveCount(1);
  await page.goto(school);
  await page.getByRole("link", { name: "场地与人员" }).click();
  await vet("王老师");
  await page.goto(timetable);
  await expect(page.getByText("未发现冲突，可以发布。")).toBeVisible();
  await page.getByRole("button", { name: "发布课表" }).click();
  await expect(page.getByRole("status")).toHaveText("已发布");
  await expect(page.locator(".chip").filter({ hasText: "已发布第 1 版" })).toHaveCount(1);
  await a11y(page);
  await signOut(page);

  // The staff member, on a phone, accepts the invitation with their own
  // account and then sees their own sessions.
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, "staff001");
  await page.getByRole("link", { name: "接受邀请" }).click();
  await page.getByLabel("邀请码").fill("WRONG234");
  await page.getByRole("button", { name: "接受邀请" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("邀请码").fill(invitation.toLowerCase());
  await page.getByRole("button", { name: "接受邀请" }).click();
  await expect(page.getByRole("status")).toContainText("已接受");
  await a11y(page);
  await page.goto("/");
  await page.getByRole("link", { name: "我的课后服务安排" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的课后服务安排");
  await page.goto(`/my/timetable?week=${WEEK}`);
  await a11y(page);
  const mine = page.locator("li.session");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("16:30–18:00");
  await expect(mine).toContainText("作业辅导");
  await expect(mine).toContainText("101教室");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await signOut(page);

  // A guardian of a child in the group sees the child's week.
  await signIn(page, "13800000002");
  await page.goto("/parent");
  await page.getByRole("link", { name: /接送/ }).first().click();
  await page.goto(`${page.url().split("?")[0]}?week=${WEEK}`);
  await a11y(page);
  const theirs = page.locator("li.session");
  await expect(theirs).toHaveCount(1);
  await expect(theirs).toContainText("作业辅导");
  await expect(theirs).toContainText("一年级组");
  await signOut(page);
});
