import { test, expect } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

test("special needs take a separate consent, staff read them only on request, and the guardian sees who read them and downloads everything", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "13800000000");
  await page.goto("/parent");
  await a11y(page);
  const card = page.locator("li.child").first();
  const child = await card.getAttribute("data-child");
  await card.getByRole("link", { name: "接送与特殊需求" }).click();
  await hydrated(page);
  await page.getByLabel("过敏").fill("花生过敏");
  await page.getByLabel("我已阅读上述告知，单独同意学校处理孩子的这些敏感信息。").check();
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await a11y(page);
  await expect(page.getByText("还没有人查看过。")).toBeVisible();
  await signOut(page);

  // The class teacher opens the page: nothing is shown (or logged) until asked.
  await signIn(page, "teacher000");
  await page.goto(`/students/${child}/needs`);
  await hydrated(page);
  await expect(page.locator("main")).not.toContainText("花生过敏");
  await page.getByRole("button", { name: "查看特殊需求" }).click();
  await expect(page.locator("dl.needs")).toContainText("花生过敏");
  await a11y(page);
  await signOut(page);

  // A family committee member is not among those who serve the child.
  await signIn(page, "inquiry000");
  await page.goto(`/students/${child}/needs`);
  await hydrated(page);
  await page.getByRole("button", { name: "查看特殊需求" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await a11y(page);
  await expect(page.locator("main")).not.toContainText("花生过敏");
  await signOut(page);

  await signIn(page, "13800000000");
  await page.goto(`/children/${child}`);
  await a11y(page);
  await expect(page.locator("ul.reads li")).toHaveCount(1);
  await expect(page.locator("ul.reads li")).toContainText("班主任");
  await page.goto("/parent/data");
  await a11y(page);
  await expect(page.locator("article.child-data")).toHaveCount(2);
  await expect(page.locator("article.child-data").first()).toContainText("花生过敏");
  const href = await page.getByRole("link", { name: "下载全部数据（JSON）" }).getAttribute("href");
  const json = JSON.parse(Buffer.from(href!.split(",")[1], "base64").toString("utf8"));
  expect(json.children).toHaveLength(2);
  expect(json.children[0].needs.allergies).toBe("花生过敏");
  expect(json.children[0].needs_reads).toHaveLength(1);
});
