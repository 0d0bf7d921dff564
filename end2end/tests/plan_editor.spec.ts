import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./helpers";
import { a11y } from "./a11y";

test("a school admin drafts a plan, is told what the policy refuses, fixes it and publishes", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 }); // school staff use desktops
  await signIn(page, "school000");
  await page.goto("/school/1");
  await hydrated(page);
  await page.getByRole("link", { name: "新建方案" }).click();
  // The editor is an island: typing before it has hydrated would be lost.
  await hydrated(page);
  await page.getByLabel("方案标题").fill("2026—2027学年第二学期课后服务方案");
  await page.getByLabel("收费 (元/生·月)").fill("50");
  await page.getByLabel("收费 (元/生·月)").blur();
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("status")).toHaveText("草稿已保存。");
  await a11y(page);
  await page.getByRole("button", { name: "发布方案" }).click();
  const refused = page.getByRole("alert");
  await expect(refused).toContainText("本区课后服务免费，不得收费。");
  await a11y(page);
  await expect(refused).toContainText("未填写校方责任险。");
  await expect(refused).toContainText("未填写应急预案。");

  await page.getByLabel("收费 (元/生·月)").fill("0");
  await page.getByLabel("收费 (元/生·月)").blur();
  await page.getByLabel("校方责任险").fill("校方责任险由学校统一投保");
  await page.getByLabel("接送安排").fill("18:00 由家长在东门接走");
  await page.getByLabel("安全措施").fill("分区看护，两次点名");
  await page.getByLabel("应急预案").fill("值班校领导统一指挥");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await page.getByRole("button", { name: "发布方案" }).click();
  await expect(page.getByRole("status").last()).toContainText("已发布");
  await a11y(page);
  await page.getByRole("status").last().getByRole("link", { name: "进入" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2026—2027学年第二学期课后服务方案");
  await a11y(page);
  await expect(page.locator("dl.facts")).toContainText("校方责任险由学校统一投保");
});
