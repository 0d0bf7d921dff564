import { test, expect, Page } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

// District 004's first school keeps its books from the demo: this month is
// billed and its families have paid; 13800000005 is the second child's
// guardian, treasurer004 the family committee's treasurer.

/** The agreement page of the guardian's (only) enrolment. */
async function agreementPage(page: Page) {
  await page.goto("/parent");
  const link = page.getByRole("link", { name: "服务协议" }).first();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("服务协议");
}

function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

test("a treasurer imports a bank statement with one bad row, fixes it and imports; a guardian withdraws mid-month on a phone, sees the refund, confirms, and the school's disclosure shows it", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });

  // The guardian reads what to write on a transfer, and the school's date.
  await signIn(page, "13800000005");
  await page.goto("/parent");
  await page.getByRole("link", { name: "费用" }).first().click();
  await a11y(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("费用");
  const reference = (await page.locator("[data-reference]").getAttribute("data-reference"))!;
  expect(reference.length).toBeGreaterThan(0);
  await agreementPage(page);
  await page.locator("details.withdrawal summary").click();
  let today = (await page.locator('input[name="withdraw_from"]').getAttribute("min"))!;
  // A withdrawal on a weekend would leave no service day of the week to give
  // back: the test clock moves to Monday (and the school bills that month).
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) {
    const days = weekday === 6 ? 2 : 1;
    expect((await page.request.post("/api/advance_clock", { form: { days: String(days) } })).status()).toBe(200);
    await agreementPage(page);
    await page.locator("details.withdrawal summary").click();
    today = (await page.locator('input[name="withdraw_from"]').getAttribute("min"))!;
  }
  await signOut(page);

  // The treasurer bills the month (nothing twice) and imports the statement.
  await signIn(page, "treasurer004");
  await page.getByRole("link", { name: "进入" }).first().click();
  await page.getByRole("link", { name: "课后服务经费" }).first().click();
  await a11y(page);
  const desk = page.url();
  await page.getByRole("button", { name: "记本月收费" }).click();
  await expect(page.getByRole("status").filter({ hasText: "名学生记收费" })).toBeVisible();
  await page.getByRole("link", { name: "导入银行流水" }).click();
  await hydrated(page);
  const csv = (rows: string[]) => Buffer.from(["日期,金额,附言,流水号", ...rows].join("\n"), "utf8");
  const file = page.getByLabel("银行流水文件");
  await file.setInputFiles({ name: "statement.csv", mimeType: "text/csv", buffer: csv([`${today},100.00,学号${reference} 托管费,E2E-1`, `${today},50,托管费,E2E-2`]) });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "未导入任何一行" })).toBeVisible();
  await expect(page.locator("table.errors")).toContainText("附言里没有本校学生的学号");
  await a11y(page);
  await file.setInputFiles({ name: "statement.csv", mimeType: "text/csv", buffer: csv([`${today},100.00,学号${reference} 托管费,E2E-1`, `${today},50,${reference}补缴,E2E-2`]) });
  await page.getByRole("button", { name: "导入缴费" }).click();
  await expect(page.getByRole("status")).toContainText("已导入 2 笔缴费，共 150.00 元");
  // The same statement again books nothing.
  await page.getByRole("button", { name: "导入缴费" }).click();
  await expect(page.getByRole("status")).toContainText("已导入 0 笔缴费");
  await page.goto(desk);
  await expect(page.locator("table.postings")).toContainText(`学号${reference} 托管费`);
  await signOut(page);

  // The guardian withdraws from today, sees what comes back, confirms.
  await signIn(page, "13800000005");
  await agreementPage(page);
  await page.locator("details.withdrawal summary").click();
  await page.locator('input[name="withdraw_from"]').fill(today);
  await page.getByRole("button", { name: "查看可退金额" }).click();
  const refund = page.locator("div.refund");
  await expect(refund).toBeVisible();
  await a11y(page);
  const refundFen = Number(await refund.getAttribute("data-refund-fen"));
  expect(refundFen).toBeGreaterThan(0);
  await expect(refund.locator("table")).toContainText(yuan(refundFen));
  await refund.getByRole("button", { name: /^确认从 .* 起退出并退费$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "已书面申请退出，退费已记账" })).toBeVisible();
  await page.goto("/parent");
  await page.getByRole("link", { name: "费用" }).first().click();
  await expect(page.locator("dl.money-facts")).toContainText("待退还");
  await signOut(page);

  // The school's disclosure of the month shows the refund.
  await signIn(page, "treasurer004");
  await page.goto(desk);
  await page.getByRole("link", { name: "经费公示" }).first().click();
  await a11y(page);
  const row = page.locator("table.income tr").filter({ hasText: "中途退出退费" });
  await expect(row).toContainText(yuan(refundFen));
  await expect(page.locator("p.status.draft")).toBeVisible();
});
