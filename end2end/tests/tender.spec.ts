import { test, expect, Page } from "@playwright/test";
import { hydrated, signIn, signOut } from "./helpers";
import { a11y } from "./a11y";

// District 004 (seed 004: at least three qualified bids; the school and its
// family committee approve the award). Its city's three demo vendors are
// entered into the district; inquiry004 and inquiry004b are the school
// committee's price-inquiry members, supervisor004 its supervision member.

/** The server's clock, moved forward by `days` (0 reads it). */
async function serverNow(page: Page, days = 0): Promise<Date> {
  const res = await page.request.post("/api/advance_clock", { form: { days: String(days) }, headers: { accept: "application/json" } });
  expect(res.status()).toBe(200);
  return new Date(JSON.parse(await res.text()));
}

/** A `datetime-local` value at the school (UTC+8). */
function local(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

const PROGRAMMES = ["方案甲-阅读与体育-ALPHA", "方案乙-科学与艺术-BRAVO", "方案丙-作业辅导-CHARLIE"];

async function as(page: Page, login: string) {
  await page.context().clearCookies();
  await signIn(page, login);
}

/** The signed-in person's first role: its scope's name, school and district. */
async function me(page: Page): Promise<{ scope_name: string; school: number | null; district: number | null }> {
  const res = await page.request.post("/api/me", { headers: { accept: "application/json" } });
  return JSON.parse(await res.text()).roles[0];
}

test("a tender from sealed bids to an approved award, scored on phones", async ({ page }) => {
  test.setTimeout(300_000);
  const now = await serverNow(page);
  const deadline = new Date(now.getTime() + 24 * 3600_000);
  const opening = new Date(deadline.getTime() + 3600_000);

  // The school issues the tender with the committee's default criteria.
  await as(page, "school004");
  const school = (await me(page)).school;
  await page.goto(`/school/${school}`);
  await page.getByRole("link", { name: "招标", exact: true }).click();
  await a11y(page);
  const form = page.locator("details").filter({ has: page.locator("summary", { hasText: "新建招标" }) });
  await form.getByLabel("招标名称").fill("2027 年春季课后服务机构招标");
  await form.getByLabel("服务要求").fill("周一至周五 16:30–18:00，阅读、体育和作业辅导。");
  await form.getByLabel("预算（元）").fill("90");
  await form.getByLabel("投标截止").fill(local(deadline));
  await form.getByLabel("开标时间").fill(local(opening));
  await form.getByRole("button", { name: "发布招标" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2027 年春季课后服务机构招标");
  const tenderUrl = new URL(page.url()).pathname;
  expect(tenderUrl).toMatch(/^\/tenders\/\d+$/);

  // Three vendors bid; the first with a PDF, sent with a progress bar.
  const vendors = ["vendor004", "vendor004b", "vendor004c"];
  const names: string[] = [];
  for (const [i, v] of vendors.entries()) {
    await as(page, v);
    await page.goto(tenderUrl);
    await page.getByRole("link", { name: "投标", exact: true }).click();
    await hydrated(page);
    const bid = page.locator("form.bid-form");
    await bid.getByLabel("报价（元）").fill(`8${i}.5`);
    await bid.getByLabel("服务方案").fill(PROGRAMMES[i]);
    await bid.getByLabel("人员配备").fill(`专职教师 ${i + 4} 名`);
    if (i === 0) {
      const pdf = Buffer.from("%PDF-1.4\n" + "资质证明 ".repeat(20000) + "\n%%EOF");
      await bid.getByLabel("投标文件（PDF）").setInputFiles({ name: "资质证明.pdf", mimeType: "application/pdf", buffer: pdf });
    }
    await bid.getByRole("button", { name: "密封提交" }).click();
    await expect(page.getByText("投标已密封提交")).toBeVisible();
    const mine = page.getByTestId("my-bid");
    await expect(mine.locator("code.hash")).toHaveText(/^[0-9a-f]{64}$/);
    if (i === 0) await expect(mine.getByRole("link", { name: "资质证明.pdf" })).toBeVisible();
    names.push((await me(page)).scope_name);
  }
  expect(new Set(names).size).toBe(3);

  // Before the opening: no bid content and no bidder on any page of the
  // school, the committee or the bureau.
  const readers = ["school004", "inquiry004", "supervisor004", "bureau004"];
  for (const who of readers) {
    await as(page, who);
    const pages = [tenderUrl, "/tenders", `${tenderUrl}/ocds.json`, "/", "/blacklist", `/school/${school}`, `/school/${school}/tenders`];
    if (who === "bureau004") {
      const district = (await me(page)).district;
      pages.push(`/bureau/${district}`, `/bureau/${district}/vendors`);
    }
    for (const p of pages) {
      await page.goto(p);
      const text = await page.content();
      for (const secret of PROGRAMMES) expect(text, `${who} on ${p}`).not.toContain(secret);
      // The bureau's vendor desk lists the registry (who may bid), never who did.
      if (!p.endsWith("/vendors")) for (const n of names) expect(text, `${who} on ${p}`).not.toContain(n);
    }
  }

  // After the opening time two panel members open the bids.
  await serverNow(page, 2);
  await as(page, "inquiry004");
  await page.goto(tenderUrl);
  await page.getByRole("button", { name: "开标", exact: true }).click();
  await expect(page.getByText("已记录您的开标确认")).toBeVisible();
  await as(page, "supervisor004");
  await page.goto(tenderUrl);
  await page.getByRole("button", { name: "开标", exact: true }).click();
  const cards = page.locator("article.bid-card");
  await expect(cards).toHaveCount(3);
  for (const n of names) await expect(page.locator(`article.bid-card[data-vendor="${n}"]`)).toBeVisible();
  await expect(page.getByText("与回执一致")).toHaveCount(3);
  await a11y(page);

  // Two price-inquiry members score every bid on their phones.
  for (const [m, member] of ["inquiry004", "inquiry004b"].entries()) {
    await as(page, member);
    await page.goto(tenderUrl);
    for (let b = 0; b < 3; b++) {
      const card = page.locator("article.bid-card").nth(b);
      await card.locator("summary", { hasText: "为这份投标评分" }).click();
      const fieldsets = card.locator("details.score-form fieldset");
      const n = await fieldsets.count();
      for (let c = 0; c < n; c++) {
        await fieldsets.nth(c).getByLabel("得分（0–100）").fill(String(60 + 10 * b + m + c));
        await fieldsets.nth(c).getByLabel("原因").fill(`第 ${c + 1} 项依据投标文件`);
      }
      await card.getByRole("button", { name: "保存评分" }).click();
      await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
    }
  }

  // Supervision sees every score; the school proposes the top-ranked bid.
  await as(page, "supervisor004");
  await page.goto(tenderUrl);
  await expect(page.locator("table.scores tbody tr")).toHaveCount(2 * 3 * 4);
  await as(page, "school004");
  await page.goto(tenderUrl);
  await page.getByRole("button", { name: "确定拟中标人" }).click();
  await expect(page.locator("section.award")).toContainText("公示期");
  const winner = names[2];
  await expect(page.locator("section.award")).toContainText(winner);

  // After the standstill the school and its committee approve the award,
  // each for itself [004]; a member who scored the bids does not.
  await serverNow(page, 4);
  await as(page, "inquiry004");
  await page.goto(tenderUrl);
  await expect(page.getByRole("button", { name: "批准中标" })).toHaveCount(0);
  await as(page, "school004");
  await page.goto(tenderUrl);
  await page.getByRole("button", { name: "批准中标" }).click();
  await expect(page.locator("section.award")).toContainText("家委会决定");
  await expect(page.locator("section.award .badge")).not.toHaveText("已批准");
  await as(page, "supervisor004");
  await page.goto(tenderUrl);
  await page.getByRole("button", { name: "批准中标" }).click();
  await expect(page.locator("section.award .badge")).toHaveText("已批准");

  // A guardian rates this month's service on the phone.
  await as(page, "13800000004");
  await page.goto("/parent");
  const survey = page.locator("section.survey");
  await survey.getByLabel("服务满意度").selectOption("5");
  await survey.getByLabel("老师和工作人员").selectOption("4");
  // Rated earlier this month (another test may have), the same form updates the answer.
  await survey.getByRole("button", { name: /^(提交评价|修改评价)$/ }).first().click();
  await expect(page.getByText("谢谢您的评价")).toBeVisible();
  await a11y(page);
  await signOut(page);
});

test("a vendor registers on a phone with its manager's number and a texted code, then signs in with it", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const PHONE = "13912340004";
  await page.goto("/vendors/register");
  await a11y(page);
  await page.getByLabel("负责人手机号（登录用）").fill(PHONE);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByRole("status")).toHaveText("验证码已发送，10 分钟内有效。");
  await expect(page.getByLabel("负责人手机号（登录用）")).toHaveValue(PHONE);
  const code = /\d{6}/.exec(await (await page.request.post("/api/test_last_text", { form: { phone: PHONE } })).json())![0];
  const fill = async (sms: string) => {
    await page.getByLabel("机构名称").fill("曲靖阳光托管中心");
    await page.getByLabel("统一社会信用代码").fill("91530300MA6KE2E004");
    await page.getByLabel("短信验证码").fill(sms);
    await page.getByLabel("密码").fill("vendor e2e password");
    await page.getByRole("button", { name: "第三方机构注册" }).click();
  };
  await fill(code === "000000" ? "111111" : "000000");
  await expect(page.getByRole("alert")).toHaveText("验证码不正确。");
  await a11y(page);
  await fill(code);
  await expect(page.getByRole("status").filter({ hasText: "注册成功" })).toBeVisible();
  await signIn(page, PHONE, "vendor e2e password");
  await expect(page.locator("li.card[data-role=vendor]")).toContainText("曲靖阳光托管中心");
  await signOut(page);
});
