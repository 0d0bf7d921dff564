import { test, expect, Page } from "@playwright/test";
import { readSheet } from "read-excel-file/node";
import { appLoads, signIn } from "./helpers";
import { a11y } from "./a11y";

// District 002 (枣庄 市中区): one demo school still charges 120 yuan a month
// against the district's cap of 100. bureau002 is the district's official.

async function download(page: Page, link: string): Promise<any[][]> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return await readSheet(await file.path());
}

test("an official sees the district map inside its boundary, switches the statistic, drills into the school over the fee cap, and downloads the figures", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const loads = appLoads(page);
  await signIn(page, "bureau002");
  await page.getByRole("link", { name: "进入" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("市中区");
  await a11y(page);

  // The map: the district's real outline, a dot for every school.
  const map = page.getByRole("group", { name: "学校分布图" });
  await expect(map).toBeVisible();
  const outline = (await map.locator("path.boundary").getAttribute("d"))!;
  expect(outline.split("L").length).toBeGreaterThan(50);
  const rows = page.locator("table.schools tbody tr");
  const schools = await rows.count();
  expect(schools).toBeGreaterThan(3);
  await expect(map.locator("a[data-school]")).toHaveCount(schools);

  // Coloured by flags first; then by participation, with its legend.
  await expect(page.getByRole("heading", { name: /学校分布图 · 合规提示数/ })).toBeVisible();
  await page.getByLabel("着色依据").selectOption("participation");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page).toHaveURL(/stat=participation/);
  await expect(page.getByRole("heading", { name: /学校分布图 · 参与率/ })).toBeVisible();
  await expect(page.locator(".legend li").first()).toContainText("%");
  await a11y(page);

  // The flag for the fee over the cap names the school, its evidence and the rule.
  const flag = page.locator('tr[data-rule="fee_above_cap"]');
  await expect(flag).toHaveCount(1);
  await expect(flag).toContainText("收费超过上限");
  await expect(flag).toContainText("每生每月 120 元，上限 100 元");
  const schoolName = (await flag.locator("td").first().innerText()).trim();
  const href = (await flag.locator("td a").first().getAttribute("href"))!;
  const schoolId = href.match(/\/school\/(\d+)\/supervision/)![1];
  const row = rows.filter({ hasText: schoolName });
  const students = (await row.locator("td").nth(2).innerText()).trim();

  // A click on the school's dot drills down to its record.
  await map.locator(`a[data-school="${schoolId}"]`).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(schoolName);
  const fee = page.locator('tr[data-rule="fee_above_cap"]');
  await expect(fee).toContainText("每生每月 120 元，上限 100 元");
  // The clause of this district's seed, not every seed's.
  await expect(fee.locator("td").nth(3)).toHaveText("[002] 按每生每月不高于100元的标准收取费用");
  await a11y(page);
  // The evidence links to the plan that sets the fee.
  await fee.getByRole("link").click();
  await expect(page).toHaveURL(/\/plans\/\d+$/);
  await page.goBack();
  await page.goBack();

  // The schools' spreadsheet holds the same figure as the page.
  const sheet = await download(page, "下载学校统计表（Excel）");
  expect(sheet[0][0]).toBe("学校");
  expect(sheet[0][2]).toBe("学生");
  const line = sheet.find((r) => r[0] === schoolName)!;
  expect(String(line[2])).toBe(students);
  expect(sheet.length).toBe(schools + 1);
  // The flags' spreadsheet carries the evidence and the clause.
  const flags = await download(page, "下载合规提示表（Excel）");
  const over = flags.find((r) => r[1] === "收费超过上限")!;
  expect(over[0]).toBe(schoolName);
  expect(String(over[2])).toContain("120 元");
  expect(String(over[3])).toContain("[002]");

  // The dashboard and the drill-down are server HTML: no script loaded.
  expect(loads).toEqual([]);
});

test("a school sees its own supervision record and sends its monthly report; the bureau returns it; a guardian sees none of it", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  // District 000 asks a monthly report of every school (月报告).
  await signIn(page, "school000");
  await page.goto("/school/1/reports");
  await a11y(page);
  const owed = page.locator("li[data-period]").first();
  await expect(owed).toBeVisible();
  const period = (await owed.getAttribute("data-period"))!;
  await owed.getByRole("button", { name: "提交报告" }).click();
  // An empty narrative is refused by the form; a real one is sent.
  await owed.getByLabel("工作情况与发现的问题").fill("本月开展正常，出勤良好；发现一处通道堆放杂物，已整改。");
  await owed.getByRole("button", { name: "提交报告" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已提交" })).toBeVisible();
  await expect(page.locator(`li[data-period="${period}"]`)).toHaveCount(0);
  // Another school's record is not this school's to see.
  const other = await page.request.get("/school/2/supervision");
  expect(await other.text()).not.toContain("合规提示数");
  await page.getByRole("button", { name: "退出登录" }).click();

  await signIn(page, "bureau000");
  await page.goto("/bureau/1/reports");
  await a11y(page);
  const card = page.locator("li.card").filter({ hasText: period }).first();
  await card.getByRole("button", { name: "退回修改" }).click();
  await expect(page.getByText("退回时请写明审核意见。")).toBeVisible();
  await card.getByLabel("审核意见").fill("请补充出勤人数");
  await card.getByRole("button", { name: "退回修改" }).click();
  await expect(page.locator("li.card").filter({ hasText: period })).toHaveCount(0);
  await page.getByRole("button", { name: "退出登录" }).click();

  await signIn(page, "13800000000");
  for (const path of ["/bureau/1", "/school/1/supervision", "/school/1/reports", "/bureau/1/reports"]) {
    await page.goto(path);
    await expect(page.locator("main")).not.toContainText("合规提示");
  }
  expect((await page.request.get("/bureau/1/schools.xlsx")).status()).toBe(403);
});
