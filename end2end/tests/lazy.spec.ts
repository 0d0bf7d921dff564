import { test, expect, Page } from "@playwright/test";
import { appLoads, hydrated, signIn } from "./helpers";
import { a11y } from "./a11y";

test("a guardian's pages are server HTML and load no script at all", async ({ page }) => {
  const loads = appLoads(page);
  await signIn(page, "13800000000");
  for (const path of ["/parent", "/inbox", "/plans/1", "/children/1", "/children/1/money", "/"]) {
    await page.goto(path);
    await a11y(page);
    await expect(page.locator("main")).not.toBeEmpty();
  }
  expect(loads).toEqual([]);
});

test("the plan editor, an island, fetches its own chunk and works", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "school000");
  const chunk = page.waitForResponse((r) => r.url().includes("/pkg/split_plan_editor"));
  await page.goto("/school/1/plans/new");
  await a11y(page);
  expect((await chunk).status()).toBe(200);
  await hydrated(page);
  await expect(page.getByLabel("方案标题")).toBeEditable();
});

test("the timetable editor, rooms and staff, and a staff member's week are server HTML too", async ({ page }) => {
  const loads = appLoads(page);
  await signIn(page, "school000");
  for (const path of ["/plans/1/timetable", "/school/1/rooms-and-staff"]) {
    await page.goto(path);
    await a11y(page);
    await expect(page.locator("main")).not.toBeEmpty();
  }
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "staff000");
  await page.goto("/my/timetable");
  await a11y(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的课后服务安排");
  expect(loads).toEqual([]);
});

test("the service day's staff pages are server HTML; the photo page alone fetches its chunk", async ({ page }) => {
  const loads = appLoads(page);
  await signIn(page, "staff004");
  await page.goto("/my/timetable");
  const today = page.locator("section.today li.session a");
  if ((await today.count()) > 0) {
    await today.first().click();
    await a11y(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("作业辅导");
  }
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "school004");
  const school = await schoolId(page);
  for (const path of [`/school/${school}/pickups`, `/school/${school}/safety`, `/school/${school}/workload`]) {
    await page.goto(path);
    await a11y(page);
  }
  expect(loads).toEqual([]);
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "13800000004");
  await page.goto("/parent");
  await page.getByRole("link", { name: /接送/ }).first().click();
  expect(loads).toEqual([]);
  const chunk = page.waitForResponse((r) => r.url().includes("/pkg/split_photo_picker"));
  await page.getByRole("link", { name: "接送人照片" }).click();
  expect((await chunk).status()).toBe(200);
  await hydrated(page);
});

/** The signed-in school admin's school id, from the home page's link. */
async function schoolId(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page.locator('li.card[data-role="school_admin"]').getByRole("link", { name: "进入" }).getAttribute("href");
  return href!.split("/").pop()!;
}

test("the tender board's pages are server HTML; only the bid form is an island", async ({ page }) => {
  const loads = appLoads(page);
  await signIn(page, "school004");
  const school = await schoolId(page);
  for (const path of [`/school/${school}/tenders`, "/tenders", "/blacklist"]) {
    await page.goto(path);
    await a11y(page);
  }
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "vendor004");
  await page.locator('li.card[data-role="vendor"]').getByRole("link", { name: "进入" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("有限公司");
  await a11y(page);
  expect(loads).toEqual([]);
});
