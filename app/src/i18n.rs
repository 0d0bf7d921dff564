//! Every text a user reads, in Chinese (the default) and English. Components
//! name a message (`M::SignIn`) and never spell text themselves; a missing
//! translation is a compile error, not a blank on screen.
use leptos::prelude::*;
use wire::enrolment::{ApplicationStatus, ReviewStep};
use wire::home::Capability;
use wire::org::SchoolKind;
use wire::plan::{ActivityKind, BillingPeriod, PlanProblem, Season, ServiceType};
use wire::roles::{Panel, Role};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn cookie_value(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    /// The language chosen in a `Cookie` header; Chinese unless English was chosen.
    pub fn from_cookie_header(header: &str) -> Lang {
        let chosen = header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .map(|(_, v)| v);
        if chosen == Some(Lang::En.cookie_value()) { Lang::En } else { Lang::Zh }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! messages {
    ($($key:ident: $zh:literal, $en:literal;)*) => {
        /// A message key; `text` gives it in a language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum M { $($key),* }

        impl M {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(M::$key => $zh),* },
                    Lang::En => match self { $(M::$key => $en),* },
                }
            }
        }
    };
}

messages! {
    AppName: "蓓蕾课后服务", "Beilei After-School Service";
    Tagline: "课后服务方案、报名、协议与接送", "After-school service plans, sign-up, agreements and pickup";
    ForParents: "家长：在手机上阅读学校方案、为孩子报名、签署协议、接收通知。", "Guardians: read the school's plan, apply for your children, sign the agreement and get notices, on your phone.";
    ForSchools: "学校与家委会：发布方案、导入名册、审核报名、分配名额、公示录取。", "Schools and family committees: publish the plan, import the roster, review applications, allocate places and put the admitted list on notice.";
    ForBureau: "教育局：查看本区各校及报名人数。", "Bureau: see the district's schools and their enrolment.";
    OtherLanguage: "English", "中文";
    SignIn: "登录", "Sign in";
    SignOut: "退出登录", "Sign out";
    SigningIn: "正在登录…", "Signing in…";
    PhoneOrUsername: "手机号或用户名", "Phone number or user name";
    Password: "密码", "Password";
    Hello: "您好，", "Hello, ";
    YourRoles: "您的身份", "Your roles";
    YouMay: "您可以：", "You may:";
    FindSchool: "查找学校", "Find a school";
    AllDistricts: "全部区县", "All districts";
    SchoolNamePart: "学校名称（输入其中几个字即可）", "School name (part of it is enough)";
    Search: "查找", "Search";
    NoSchoolsFound: "没有找到学校，请换个名称或区县试试。", "No school found; try another name or district.";
    PlansThisTerm: "本学期及下学期的课后服务方案", "After-school plans for this term and the next";
    SchoolQr: "学校页面二维码", "QR code of the school's page";
    SchoolQrHint: "打印贴在校门口，或发到班级群：家长扫码即可查看方案、报名。", "Print it for the school gate or send it to the class's group chat: guardians scan it to read the plans and apply.";
    DownloadQr: "下载二维码（SVG）", "Download the QR code (SVG)";
    NothingForRoleYet: "本平台尚未开放此角色的功能。", "Nothing is open to this role on the platform yet.";
    Open: "进入", "Open";
    Loading: "加载中…", "Loading…";
    BackHome: "返回首页", "Back to home";
    NotFoundTitle: "页面不存在", "Page not found";
    DistrictOverview: "区域概览", "District overview";
    SchoolOverview: "学校概览", "School overview";
    Schools: "学校", "Schools";
    Students: "学生", "Students";
    Classes: "班级", "Classes";
    Kind: "类型", "Kind";
    Grade: "年级", "Grade";
    Address: "地址", "Address";
    District: "所属区域", "District";
    MyChildren: "我的孩子", "My children";
    NoChildren: "尚未关联孩子。请使用学校发放的关联码。", "No children linked yet. Use the link code your school gives you.";
    School: "学校", "School";
    Class: "班级", "Class";
    RoleParent: "家长", "Guardian";
    RoleClassTeacher: "班主任", "Class teacher";
    RoleServiceStaff: "托管教师", "Service staff";
    RoleSchoolAdmin: "学校管理员", "School admin";
    RoleFamilyCommittee: "家长委员会", "Family committee";
    RoleVendor: "第三方机构", "Vendor";
    RoleBureauOfficial: "教育局", "Bureau official";
    PanelPriceInquiry: "询价委员会", "Price-inquiry panel";
    PanelSupervision: "监督委员会", "Supervision panel";
    KindDistrict: "区属", "District school";
    KindCityDirect: "市直", "City-direct";
    KindPrivate: "民办", "Private";
    CapSeeChildren: "查看孩子信息", "See your children";
    CapApplyForService: "为孩子报名课后服务", "Apply for after-school service";
    CapSignAgreement: "签署服务协议", "Sign the agreement";
    CapArrangePickup: "授权接送人、申请提前或延后接送、登记特殊需求", "Name pickup persons, ask for an early or late pickup, record special needs";
    CapReviewClassApplications: "审核本班报名", "Review your class's applications";
    CapPrintLinkCodes: "打印家长绑定码", "Print the guardians' link codes";
    CapSeePickupDay: "查看当日接送申请", "See the day's pickup requests";
    CapManageSchool: "导入学生名册、管理家长绑定", "Import the roster, manage guardians' links";
    CapPublishPlan: "发布一校一案与服务协议", "Publish the school plan and its agreement";
    CapReviewApplications: "审核报名、分配名额、公示录取", "Review applications, allocate places, put the list on notice";
    CapSeeDistrictSchools: "查看本区各校及报名人数", "See the district's schools and enrolment";
    ErrUnauthenticated: "请先登录。", "Please sign in first.";
    ErrForbidden: "您没有权限查看此页面。", "You are not allowed to see this page.";
    ErrNotFound: "找不到该页面或内容。", "This page or item does not exist.";
    ErrSignInFailed: "账号或密码不正确。", "Wrong phone number, user name or password.";
    ErrRateLimited: "尝试次数过多，请稍后再试。", "Too many attempts. Please try again later.";
    ErrBusy: "服务器繁忙，请稍等片刻再试。", "The server is busy. Please try again in a moment.";
    ErrConsentRequired: "请先阅读告知书并勾选同意。", "Please read the notice and tick the box to agree.";
    ErrConsentOutdated: "告知书已更新，请刷新页面，阅读后再同意。", "The notice has changed. Reload the page, read it and agree again.";
    ErrOwnChild: "不能审核自己孩子的报名，请由其他审核人处理。", "You cannot review your own child's application; another reviewer must.";
    ErrLinkCodeExpired: "绑定码已过期，请联系学校重新获取。", "This link code has expired. Ask the school for a new one.";
    ErrInvalid: "输入有误，请检查后重试。", "Some input is not valid. Check it and try again.";
    ErrConflict: "该记录已存在。", "This already exists.";
    ErrInternal: "服务器出错了，请稍后再试。", "Something went wrong on the server. Try again later.";
    ErrTransport: "网络连接失败，请检查网络后重试。", "The request did not get through. Check your connection and try again.";
    ErrPlanRefused: "方案不符合本区政策，未能发布：", "The plan breaks the district's policy and was not published:";
    Plans: "课后服务方案", "After-school service plans";
    EditPlan: "编辑课后服务方案", "Edit the after-school service plan";
    NewPlan: "新建方案", "New plan";
    PlanTitle: "方案标题", "Title";
    TermStart: "服务期开始", "Term starts";
    TermEnd: "服务期结束", "Term ends";
    DismissalTime: "正常放学时间", "Normal dismissal";
    EndSummer: "夏季结束时间", "Ends (summer)";
    EndWinter: "冬季结束时间", "Ends (winter)";
    SaveDraft: "保存草稿", "Save draft";
    DraftSaved: "草稿已保存。", "Draft saved.";
    PublishPlanButton: "发布方案", "Publish";
    NoPlans: "暂无已发布的方案。", "No plan has been published yet.";
    Draft: "草稿", "Draft";
    Published: "已发布", "Published";
    Term: "服务期", "Term";
    ServiceDays: "服务日", "Service days";
    ServiceHours: "服务时间", "Service hours";
    Summer: "夏季", "Summer";
    Winter: "冬季", "Winter";
    AfterDismissal: "放学后", "after dismissal at";
    Until: "至", "until";
    ServiceTypes: "服务类型", "Services";
    Activities: "活动内容", "Activities";
    Capacity: "名额", "Places";
    Fee: "收费", "Fee";
    FeeFree: "免费（政府全额保障）", "Free (paid by the government)";
    YuanPerMonth: "元/生·月", "yuan per student-month";
    BilledBy: "结算方式", "Billed";
    FeeFiling: "收费备案", "Fee filing";
    LiabilityInsurance: "校方责任险", "Liability insurance";
    PickupRules: "接送安排", "Pickup";
    SafetyMeasures: "安全措施", "Safety measures";
    EmergencyPlan: "应急预案", "Emergency plan";
    CheckedAgainstPolicy: "审核所依据的区政策版本：", "Checked against district policy version";
    Mon: "周一", "Mon";
    Tue: "周二", "Tue";
    Wed: "周三", "Wed";
    Thu: "周四", "Thu";
    Fri: "周五", "Fri";
    Sat: "周六", "Sat";
    Sun: "周日", "Sun";
    StAfterSchool: "课后托管", "After-school care";
    StLunch: "午餐服务", "Lunch";
    StNoonRest: "午休看护", "Noon rest";
    BpMonthly: "按月", "Monthly";
    BpSemester: "按学期", "Per term";
    ActHomeworkHelp: "作业辅导", "Homework help";
    ActIndividualHelp: "个别辅导", "Individual help";
    ActReading: "阅读", "Reading";
    ActSports: "体育活动", "Sports";
    ActArts: "艺术活动", "Arts";
    ActScience: "科普活动", "Science";
    ActClubs: "兴趣社团", "Clubs";
    ActSocialPractice: "社会实践", "Social practice";
    ActFilms: "观看影片", "Films";
    ActLabour: "劳动教育", "Labour";
    ActNewLessons: "上新课（禁止）", "New lessons (forbidden)";
    ActGroupTutoring: "集体补课（禁止）", "Group tutoring (forbidden)";
    ActExams: "考试（禁止）", "Exams (forbidden)";
    ApplyForChild: "为孩子报名", "Apply for your child";
    PriorityGroupsHint: "如符合以下情况请勾选，学校将审核相关证明：", "Tick what applies; the school will check the proof:";
    DeclareLeftBehind: "留守儿童", "Left-behind child";
    DeclareMigrantWorker: "进城务工人员随迁子女", "Migrant worker's child";
    DeclareDisabled: "残疾儿童", "Child with a disability";
    DeclareLowIncome: "建档立卡贫困家庭", "Registered low-income household";
    DeclareWaiver: "申请减免费用", "Apply for a fee waiver";
    NoteOptional: "补充说明（可选）", "Note (optional)";
    SubmitApplication: "提交报名", "Submit the application";
    Submitting: "正在提交…", "Submitting…";
    Applied: "报名已提交，请在“我的报名”中查看审核进度。", "Application submitted; follow it under My applications.";
    MyApplications: "我的报名", "My applications";
    NoApplications: "还没有报名。", "No applications yet.";
    Withdraw: "撤回报名", "Withdraw";
    StatusInReview: "审核中", "Under review";
    StatusApproved: "审核通过，等待分配名额", "Approved; waiting for places to be allocated";
    StatusAdmitted: "已录取", "Admitted";
    StatusWaitlisted: "候补中（名额已满）", "On the waiting list (places are full)";
    StatusEnrolled: "已正式录取", "Enrolled";
    StatusRejected: "未通过", "Not approved";
    PublicNotice: "录取名单公示", "Public notice of the admitted list";
    PublishNotice: "公示录取名单", "Put the admitted list on notice";
    NoticeEnds: "公示截止：", "Notice ends:";
    NoticeClosed: "公示期已结束。", "The notice period is over.";
    Objections: "异议", "Objections";
    NoObjections: "暂无异议。", "No objections.";
    FileObjection: "提出异议", "Object";
    ObjectionText: "异议内容", "Your objection";
    AnswerText: "学校答复", "The school's answer";
    SendAnswer: "答复", "Answer";
    AwaitingAnswer: "等待学校答复", "Waiting for the school's answer";
    FinalizeEnrolment: "确认正式录取", "Make enrolment final";
    EnrolmentFinal: "录取已确认。", "Enrolment is final.";
    NoticeOnNotice: "录取名单已公示，公示截止：", "The admitted list is on public notice until";
    NoticeEnrolled: "公示期满，已正式录取。", "The notice period is over: enrolment is final.";
    Rank: "分配顺序：第", "Allocation order: no.";
    PriorityCounted: "（优先群体）", "(priority group)";
    AllocatePlaces: "分配名额", "Allocate places";
    AllocationDone: "名额已分配：录取 / 候补 / 总名额", "Places allocated: admitted / waiting / capacity";
    StatusWithdrawn: "已撤回", "Withdrawn";
    WaitingFor: "等待：", "Waiting for:";
    StepClassTeacher: "班主任审核", "class teacher's review";
    StepClassCommittee: "班级家委会审核", "class committee's review";
    StepGradeCommittee: "年级家委会审核", "grade committee's review";
    StepSchoolCommittee: "学校家委会审核", "school committee's review";
    StepFamilyCommittee: "家委会审核", "family committee's review";
    StepSchool: "学校核准", "school's approval";
    Reason: "原因：", "Reason:";
    ReviewApplications: "审核报名", "Review applications";
    NothingToReview: "暂无需要您审核的报名。", "No applications are waiting for you.";
    Approve: "通过", "Approve";
    Reject: "不通过", "Reject";
    RejectReason: "不通过的原因（家长可见）", "Reason for rejecting (the guardian sees it)";
    Declared: "申报：", "Declared:";
    Inbox: "消息通知", "Notices";
    InboxEmpty: "暂无消息。", "No notices yet.";
    MarkAllRead: "全部标为已读", "Mark all read";
    Unread: "未读", "Unread";
    NoticeSubmitted: "报名已提交，等待审核。", "Application submitted; waiting for review.";
    NoticeStepApproved: "已通过：", "Approved at:";
    NoticeApproved: "审核全部通过，等待分配名额。", "Every review passed; waiting for places to be allocated.";
    NoticeRejected: "报名未通过。", "The application was not approved.";
    NoticeAdmitted: "已录取，分配顺序第", "Admitted; allocation order no.";
    NoticeWaitlisted: "名额已满，进入候补，顺序第", "Places are full; on the waiting list at no.";
    ProbTitleMissing: "缺少方案标题。", "The plan has no title.";
    ProbTermEndsBeforeItStarts: "服务期结束日期早于开始日期。", "The term ends before it starts.";
    ProbNoWeekdays: "未选择服务日。", "No service days are chosen.";
    ProbWeekendService: "本区课后服务仅在周一至周五开展。", "This district runs the service Monday to Friday only.";
    ProbEndsBeforeDismissal: "服务结束时间早于放学时间。", "The service ends before dismissal.";
    ProbEndsTooEarly: "服务结束过早，本区要求不早于：", "The service ends too early; the district requires no earlier than:";
    ProbEndsTooLate: "服务结束过晚，本区要求不晚于：", "The service ends too late; the district requires no later than:";
    ProbTooLongAfterDismissal: "放学后服务时长超过本区上限（分钟）：", "Longer after dismissal than the district allows (minutes):";
    ProbServiceTypeNotAllowed: "本区未开放该服务类型：", "This district does not offer this service:";
    ProbNoActivities: "未填写活动内容。", "No activities are listed.";
    ProbForbiddenActivity: "课后服务不得安排：", "After-school service may not include:";
    ProbNoCapacity: "名额必须大于零。", "The number of places must be above zero.";
    ProbFeeNotAllowed: "本区课后服务免费，不得收费。", "The service is free in this district; no fee may be charged.";
    ProbFeeAboveCap: "收费超过本区上限（元/生·月）：", "The fee is above the district's cap (yuan per student-month):";
    ProbNegativeFee: "收费不能为负数。", "The fee cannot be negative.";
    ProbFeeFilingMissing: "收费须经价格主管部门备案，请填写备案文号。", "The fee must be filed with the price authorities; give the filing reference.";
    ProbBillingPeriodNotAllowed: "本区不允许该结算方式：", "This district does not allow this billing period:";
    ProbInsuranceMissing: "未填写校方责任险。", "The school's liability insurance is missing.";
    ProbPickupRulesMissing: "未填写接送安排。", "The pickup arrangements are missing.";
    ProbSafetyMeasuresMissing: "未填写安全措施。", "The safety measures are missing.";
    ProbEmergencyPlanMissing: "未填写应急预案。", "The emergency plan is missing.";
    ProbOverlapsPublishedPlan: "本校该服务期已有已发布的方案（一校一案）。", "The school already has a published plan for this term (one plan per school).";
    // Registration and linking children.
    Register: "家长注册", "Register as a guardian";
    RegisterHint: "用手机号注册，验证码将以短信发送。", "Register with your mobile number; a code comes by text message.";
    NoAccount: "还没有账号？家长注册", "No account yet? Register as a guardian";
    PhoneNumber: "手机号", "Mobile number";
    SendCode: "获取验证码", "Send code";
    CodeSent: "验证码已发送，10 分钟内有效。", "Code sent; it is valid for 10 minutes.";
    PhoneCode: "短信验证码", "Code from the text message";
    YourName: "您的姓名", "Your name";
    PasswordHint: "密码（至少 8 位）", "Password (at least 8 characters)";
    CreateAccount: "注册并登录", "Register and sign in";
    LinkChild: "绑定孩子", "Link a child";
    LinkChildHint: "输入学校发放的绑定码和孩子姓名。每个绑定码只能使用一次。", "Enter the link code from the school and your child's name. Each code works once.";
    LinkCode: "绑定码", "Link code";
    ChildName: "孩子姓名", "Child's name";
    Relation: "与孩子的关系", "Relation to the child";
    Linked: "已绑定。", "Linked.";
    CareAndPickup: "接送与特殊需求", "Pickup and special needs";
    // Agreement and insurance.
    Agreement: "服务协议", "Service agreement";
    AgreementVersion: "协议版本：第", "Agreement version: no.";
    TextHash: "文本指纹（SHA-256）：", "Text fingerprint (SHA-256):";
    NoAgreementYet: "学校尚未发布服务协议。", "The school has not published the agreement yet.";
    SchoolLiabilityInsurance: "校方责任险：", "School liability insurance:";
    Signatures: "签署记录", "Signatures";
    PartyGuardian: "家长", "Guardian";
    PartyStudent: "学生（知晓）", "Student (acknowledged)";
    PartySchool: "学校", "School";
    StudentAcknowledges: "我已向孩子说明协议内容，孩子知晓并同意遵守。", "I have explained the agreement to my child, who understands and agrees to follow it.";
    AccidentInsurance: "学生意外伤害保险", "Student accident insurance";
    InsuranceRequired: "本区要求购买。", "Required in this district.";
    InsuranceEncouraged: "本区鼓励购买，自愿参加。", "Encouraged in this district; voluntary.";
    Insured: "已购买", "Insured";
    Declined: "不购买", "Not insured";
    Insurer: "承保公司", "Insurer";
    SignAgreement: "签署协议", "Sign the agreement";
    Signed: "已签署。", "Signed.";
    NeedsSigning: "请阅读并签署本版本协议。", "Please read and sign this version.";
    ResignNeeded: "协议已更新，需要重新签署。", "The agreement has changed and must be signed again.";
    SignBy: "请在以下服务日前签署：", "Sign before the service day:";
    ViewReceipt: "查看签署回执", "View the receipt";
    Receipt: "签署回执", "Signature receipt";
    SignedAt: "签署时间：", "Signed at:";
    Signer: "签署人：", "Signed by:";
    Channel: "签署方式：", "Channel:";
    ChannelWeb: "网上签署", "Online";
    StudentAcknowledged: "学生已知晓", "Student acknowledged";
    Print: "打印", "Print";
    WithdrawConsent: "撤回同意（退出课后服务）", "Withdraw consent (leave the service)";
    WithdrawFrom: "自以下日期起退出：", "Leave from this date:";
    ConsentWithdrawnFrom: "已撤回同意，自以下日期起退出：", "Consent withdrawn; the child leaves from:";
    ManageAgreement: "服务协议管理", "Manage the agreement";
    AgreementText: "协议文本", "Agreement text";
    PublishNewVersion: "发布新版本（学校签章）", "Publish a new version (signed by the school)";
    SignedCount: "本版本已签署 / 已录取：", "Signed this version / holding a place:";
    NoticeAgreementPublished: "学校发布了服务协议第", "The school published agreement version";
    NoticeAgreementResign: "版，请重新签署。", "; please sign it again.";
    NoticeAgreementSign: "版，请阅读并签署。", "; please read and sign it.";
    NoticeAgreementSigned: "已签署服务协议第", "You signed agreement version";
    NoticeVersionSuffix: "版。", ".";
    NoticeConsentWithdrawn: "已撤回同意，退出日期：", "Consent withdrawn; leaving from:";
    NoticePickupEarly: "提前接孩子：", "Early pickup:";
    NoticePickupLate: "延后接孩子：", "Late pickup:";
    NoticePickupBy: "，接送人：", ", collected by";
    // Pickup and special needs.
    PickupPersons: "授权接送人", "Authorised pickup persons";
    NoPickupPersons: "尚未添加授权接送人。", "No pickup persons yet.";
    AddPickupPerson: "添加接送人", "Add a pickup person";
    Name: "姓名", "Name";
    Remove: "删除", "Remove";
    PickupRequests: "提前 / 延时接送申请", "Early or late pickup requests";
    NoPickupRequests: "暂无接送申请。", "No pickup requests.";
    RequestPickup: "提交接送申请", "Request";
    Date: "日期", "Date";
    Time: "时间", "Time";
    PickupEarly: "提前接走", "Early pickup";
    PickupLate: "延时接走", "Late pickup";
    Collector: "接送人", "Collected by";
    CollectorGuardian: "家长本人", "The guardian";
    ReasonOptional: "原因（可选）", "Reason (optional)";
    SpecialNeeds: "特殊需求（仅为孩子服务的老师可见，每次查看都有记录）", "Special needs (seen only by the staff who serve your child; every view is logged)";
    Allergies: "过敏", "Allergies";
    Conditions: "身体状况 / 疾病", "Conditions";
    OtherNeeds: "心理或其他需要", "Psychological or other needs";
    Save: "保存", "Save";
    Saved: "已保存。", "Saved.";
    ReadLog: "查看记录", "Read log";
    NeedsReadBy: "谁查看过这些信息", "Who has read this";
    NoNeedsReads: "还没有人查看过。", "Nobody has read it yet.";
    ReadNeeds: "查看特殊需求", "Read the special needs";
    ReadNeedsHint: "特殊需求属于敏感信息。每次查看都会记录查看人和时间，家长可以看到这些记录。", "Special needs are sensitive. Every read is logged with who and when, and the child's guardians can see the log.";
    PrivacyNoticeTitle: "个人信息告知", "Privacy notice";
    PrivacyNotice: "为提供课后服务，学校和本平台保存孩子的姓名、学校、班级和学号，以及您的姓名、手机号和与孩子的关系，用于报名审核、名额分配、服务协议、接送和通知。能看到这些信息的只有孩子所在学校的老师和工作人员、审核报名的家委会成员，以及教育局（用于统计和监管）；不用于其他目的，不提供给第三方。信息保存到孩子离开本服务为止，此后由学校按规定删除。您可以随时在“我的数据”中查看和下载全部信息；需要更正或删除时请联系学校。孩子未满十四周岁，需由您作为监护人同意。", "To provide the after-school service, the school and this platform keep your child's name, school, class and student number, and your name, mobile number and relation to the child, to review applications, allocate places, keep the service agreement, arrange pickup and send notices. Only the staff of your child's school, the family-committee members who review applications and the education bureau (for statistics and supervision) can see them; they are used for nothing else and given to no third party. They are kept until your child leaves the service; the school then deletes them as the rules require. You can see and download everything at any time under \"My data\"; ask the school to correct or delete anything. Your child is under 14, so you consent as the guardian.";
    PrivacyConsent: "我已阅读上述告知，作为孩子的监护人同意。", "I have read this notice and consent as my child's guardian.";
    NeedsNoticeTitle: "敏感个人信息告知", "Notice on sensitive information";
    NeedsNotice: "过敏、健康状况和其他特殊需求属于敏感个人信息，只用于托管期间照护孩子。能看到的只有孩子的班主任、被指派照看本班或本年级的服务人员和学校管理员；每次查看都有记录，您可以在本页看到。不填写不影响报名；清空后保存即删除。", "Allergies, health conditions and other special needs are sensitive personal information, used only to look after your child during the service. Only the class teacher, service staff assigned to the class or grade, and the school's admin can see them; every read is logged and shown on this page. Leaving them empty does not affect the application; saving them empty deletes them.";
    NeedsConsent: "我已阅读上述告知，单独同意学校处理孩子的这些敏感信息。", "I have read this notice and separately consent to the school handling this sensitive information.";
    MyData: "我的数据", "My data";
    MyDataHint: "本平台保存的您和孩子的全部信息。", "Everything the platform keeps about you and your children.";
    DownloadMyData: "下载全部数据（JSON）", "Download everything (JSON)";
    RegisteredAt: "注册时间", "Registered";
    Consents: "同意记录", "Consents";
    ConsentChildData: "个人信息告知", "Privacy notice";
    ConsentSpecialNeeds: "敏感个人信息告知", "Notice on sensitive information";
    NoticeVersion: "版本", "version";
    RemovedAt: "已移除", "removed";
    Applications: "报名", "Applications";
    LinkCodeValidUntil: "有效期至", "Valid until";
    LinkCodeExpired: "已过期，请重新生成", "Expired; issue a new one";
    LinkCodeTerm: "新绑定码有效天数", "Days a new link code stays valid";
    ErrLinkCodeDays: "有效天数应在 1 到 365 之间。", "Choose between 1 and 365 days.";

    PickupsOfDay: "当日接送申请", "Pickup requests of the day";
    Show: "查看", "Show";
    // Roster and link codes.
    Roster: "导入学生名册", "Import the roster";
    RosterHint: "上传 XLSX 或 CSV 文件，列为：年级、班级、姓名、学号。先预览，任何一行有误都不会导入。", "Upload an XLSX or CSV file with columns 年级 (grade), 班级 (class), 姓名 (name), 学号 (student number). Preview first; if any row is wrong, nothing is imported.";
    RosterFile: "名册文件", "Roster file";
    Preview: "预览", "Preview";
    ImportRoster: "确认导入", "Import";
    RosterOk: "全部行无误，可以导入。学生数：", "Every row is correct and can be imported. Students:";
    RosterHasErrors: "以下行有误，整份名册不会导入：", "These rows are wrong; nothing will be imported:";
    RosterImported: "导入完成，已为每名学生生成绑定码。学生数：", "Imported; every student has a link code. Students:";
    NewClasses: "将新建班级：", "New classes:";
    Line: "行", "Row";
    Problem: "问题", "Problem";
    StudentNo: "学号", "Student number";
    LinkCodes: "家长绑定码", "Link codes for guardians";
    LinkCodesHint: "每个绑定码只能使用一次；遗失或需要另一位家长绑定时可重新生成。", "Each code works once; issue a new one when a slip is lost or another guardian needs to link.";
    LinkedGuardians: "已绑定家长", "Linked guardians";
    Reissue: "重新生成", "Issue new code";
    RevokeLink: "解除绑定", "Remove link";
    Codeless: "（无可用绑定码）", "(no open code)";
    RowGradeInvalid: "年级应为 1–9", "grade must be 1–9";
    RowRequired: "必填", "required";
    RowTooLong: "过长", "too long";
    RowDuplicate: "学号在文件中重复", "student number repeated in the file";
    RowExists: "学号在本校已存在", "student number already at the school";
    // Specific errors.
    ErrCodeWrong: "验证码不正确。", "The code is not correct.";
    ErrCodeExpired: "验证码已过期或尚未获取，请重新获取。", "The code has expired or was not sent; ask for a new one.";
    ErrCodeGuesses: "验证码错误次数过多，请重新获取。", "Too many wrong codes; ask for a new one.";
    ErrLinkCode: "绑定码无效、已被使用，或与孩子姓名不符。", "The link code is not valid, already used, or does not match the child's name.";
    ErrPhone: "请输入 11 位手机号码。", "Enter an 11-digit mobile number.";
    ErrPassword: "密码至少 8 位。", "The password needs at least 8 characters.";
    ErrRequired: "请填写必填项。", "Fill in the required fields.";
    ErrTooLong: "内容过长。", "The text is too long.";
    ErrFileColumns: "表格缺少列：年级、班级、姓名、学号。", "The sheet lacks a column: 年级, 班级, 姓名, 学号.";
    ErrFileUnreadable: "无法读取文件，请上传 XLSX 或 UTF-8 编码的 CSV。", "The file cannot be read; upload XLSX or UTF-8 CSV.";
    ErrFileEmpty: "文件中没有学生。", "The file has no students.";
    ErrFileSize: "文件过大或行数过多（上限 1 MB、5000 行）。", "The file is too large (at most 1 MB and 5,000 rows).";
    ErrAcknowledge: "请确认已向孩子说明协议。", "Confirm that you have explained the agreement to your child.";
    ErrInsurance: "请申报意外伤害保险情况。", "Declare the accident insurance.";
    ErrInsuranceRequired: "本区要求购买学生意外伤害保险。", "This district requires student accident insurance.";
    ErrInsurer: "请填写承保公司。", "Give the insurer.";
    ErrOutdated: "协议已更新，请阅读新版本后再签署。", "The agreement has changed; read the new version before signing.";
    ErrNotAdmitted: "录取后才能签署协议或撤回同意。", "This needs an admitted child.";
    ErrPastDate: "日期不能早于今天。", "The date cannot be before today.";
    ErrTooFarAhead: "最多可提前 60 天申请。", "Requests can be made at most 60 days ahead.";
    ErrPickupPerson: "该接送人不在授权名单中。", "This person is not an authorised pickup person.";
    ErrTooManyPersons: "授权接送人最多 6 位。", "At most 6 pickup persons.";
    ErrUnchanged: "协议内容没有改变。", "The text has not changed.";
    ErrPeriodNotOver: "公示期未满，暂不能确认录取。", "The notice period is not over yet.";
    ErrObjectionsOpen: "还有未答复的异议，请先答复。", "Some objections are unanswered; answer them first.";
    ErrAccountExists: "该手机号已注册，请直接登录。", "This number is already registered; sign in instead.";
    ErrAlreadyLinked: "您已绑定这个孩子。", "You have already linked this child.";
}

pub fn role(r: Role) -> M {
    match r {
        Role::Parent => M::RoleParent,
        Role::ClassTeacher => M::RoleClassTeacher,
        Role::ServiceStaff => M::RoleServiceStaff,
        Role::SchoolAdmin => M::RoleSchoolAdmin,
        Role::FamilyCommittee => M::RoleFamilyCommittee,
        Role::Vendor => M::RoleVendor,
        Role::BureauOfficial => M::RoleBureauOfficial,
    }
}

pub fn panel(p: Panel) -> M {
    match p {
        Panel::PriceInquiry => M::PanelPriceInquiry,
        Panel::Supervision => M::PanelSupervision,
    }
}

pub fn school_kind(k: SchoolKind) -> M {
    match k {
        SchoolKind::District => M::KindDistrict,
        SchoolKind::CityDirect => M::KindCityDirect,
        SchoolKind::Private => M::KindPrivate,
    }
}

pub fn capability(c: Capability) -> M {
    use Capability as C;
    match c {
        C::SeeChildren => M::CapSeeChildren,
        C::ApplyForService => M::CapApplyForService,
        C::SignAgreement => M::CapSignAgreement,
        C::ArrangePickup => M::CapArrangePickup,
        C::ReviewClassApplications => M::CapReviewClassApplications,
        C::PrintLinkCodes => M::CapPrintLinkCodes,
        C::SeePickupDay => M::CapSeePickupDay,
        C::ManageSchool => M::CapManageSchool,
        C::PublishPlan => M::CapPublishPlan,
        C::ReviewApplications => M::CapReviewApplications,
        C::SeeDistrictSchools => M::CapSeeDistrictSchools,
    }
}

pub fn activity(a: ActivityKind) -> M {
    use ActivityKind as A;
    match a {
        A::HomeworkHelp => M::ActHomeworkHelp,
        A::IndividualHelp => M::ActIndividualHelp,
        A::Reading => M::ActReading,
        A::Sports => M::ActSports,
        A::Arts => M::ActArts,
        A::Science => M::ActScience,
        A::Clubs => M::ActClubs,
        A::SocialPractice => M::ActSocialPractice,
        A::Films => M::ActFilms,
        A::Labour => M::ActLabour,
        A::NewLessons => M::ActNewLessons,
        A::GroupTutoring => M::ActGroupTutoring,
        A::Exams => M::ActExams,
    }
}

pub fn service_type(t: ServiceType) -> M {
    match t {
        ServiceType::AfterSchool => M::StAfterSchool,
        ServiceType::Lunch => M::StLunch,
        ServiceType::NoonRest => M::StNoonRest,
    }
}

pub fn billing_period(p: BillingPeriod) -> M {
    match p {
        BillingPeriod::Monthly => M::BpMonthly,
        BillingPeriod::Semester => M::BpSemester,
    }
}

pub fn season(s: Season) -> M {
    match s {
        Season::Summer => M::Summer,
        Season::Winter => M::Winter,
    }
}

pub fn application_status(s: ApplicationStatus) -> M {
    match s {
        ApplicationStatus::InReview => M::StatusInReview,
        ApplicationStatus::Approved => M::StatusApproved,
        ApplicationStatus::Admitted => M::StatusAdmitted,
        ApplicationStatus::Waitlisted => M::StatusWaitlisted,
        ApplicationStatus::Enrolled => M::StatusEnrolled,
        ApplicationStatus::Rejected => M::StatusRejected,
        ApplicationStatus::Withdrawn => M::StatusWithdrawn,
    }
}

pub fn review_step(s: ReviewStep) -> M {
    match s {
        ReviewStep::ClassTeacher => M::StepClassTeacher,
        ReviewStep::ClassCommittee => M::StepClassCommittee,
        ReviewStep::GradeCommittee => M::StepGradeCommittee,
        ReviewStep::SchoolCommittee => M::StepSchoolCommittee,
        ReviewStep::FamilyCommittee => M::StepFamilyCommittee,
        ReviewStep::School => M::StepSchool,
    }
}

/// A notice in the user's language.
pub fn notice(n: &wire::inbox::Notice, lang: Lang) -> String {
    use wire::inbox::Notice as N;
    match n {
        N::ApplicationSubmitted => M::NoticeSubmitted.text(lang).into(),
        N::StepApproved { step } => format!("{}{}", M::NoticeStepApproved.text(lang), review_step(*step).text(lang)),
        N::ApplicationApproved => M::NoticeApproved.text(lang).into(),
        N::ApplicationRejected { step, reason } => format!(
            "{} {} · {}{reason}",
            M::NoticeRejected.text(lang),
            review_step(*step).text(lang),
            M::Reason.text(lang)
        ),
        N::Admitted { rank } => format!("{}{rank}", M::NoticeAdmitted.text(lang)),
        N::Waitlisted { rank } => format!("{}{rank}", M::NoticeWaitlisted.text(lang)),
        N::OnNotice { ends_at } => format!("{} {}", M::NoticeOnNotice.text(lang), instant(ends_at)),
        N::Enrolled => M::NoticeEnrolled.text(lang).into(),
        N::AgreementPublished { version, resign } => format!(
            "{}{version}{}",
            M::NoticeAgreementPublished.text(lang),
            if *resign { M::NoticeAgreementResign } else { M::NoticeAgreementSign }.text(lang)
        ),
        N::AgreementSigned { version } => {
            format!("{}{version}{}", M::NoticeAgreementSigned.text(lang), M::NoticeVersionSuffix.text(lang))
        }
        N::ConsentWithdrawn { from } => format!("{}{from}", M::NoticeConsentWithdrawn.text(lang)),
        N::PickupRequested { on, early, at, collector } => {
            let kind = if *early { M::NoticePickupEarly } else { M::NoticePickupLate };
            let by = if collector.is_empty() { String::new() } else { format!("{} {collector}", M::NoticePickupBy.text(lang)) };
            format!("{} {on} {at}{by}", kind.text(lang))
        }
    }
}

/// What to say about an input that broke a rule (`AppError::Invalid`).
pub fn invalid(field: &str, rule: &str) -> M {
    match (field, rule) {
        ("code", "wrong") => M::ErrCodeWrong,
        ("code", "expired") => M::ErrCodeExpired,
        ("code", "too_many_guesses") => M::ErrCodeGuesses,
        ("code", "not_valid") => M::ErrLinkCode,
        ("code", "link_expired") => M::ErrLinkCodeExpired,
        ("consent", "outdated") => M::ErrConsentOutdated,
        ("consent", _) => M::ErrConsentRequired,
        ("application", "own_child") => M::ErrOwnChild,
        ("link_code_days", _) => M::ErrLinkCodeDays,
        ("phone", _) => M::ErrPhone,
        ("password", _) => M::ErrPassword,
        ("file", "missing_column") => M::ErrFileColumns,
        ("file", "empty") => M::ErrFileEmpty,
        ("file", "too_large" | "too_many_rows" | "inflates_too_far") => M::ErrFileSize,
        ("file", _) => M::ErrFileUnreadable,
        ("student_acknowledges", _) => M::ErrAcknowledge,
        ("insurance", "required_by_policy") => M::ErrInsuranceRequired,
        ("insurance", _) => M::ErrInsurance,
        ("insurer", "required") => M::ErrInsurer,
        ("agreement", "outdated") => M::ErrOutdated,
        ("application", "not_admitted") => M::ErrNotAdmitted,
        (_, "in_the_past") => M::ErrPastDate,
        (_, "too_far_ahead") => M::ErrTooFarAhead,
        ("pickup_person", "not_authorised") => M::ErrPickupPerson,
        ("pickup_person", "too_many") => M::ErrTooManyPersons,
        (_, "unchanged") => M::ErrUnchanged,
        ("notice", "period_not_over") => M::ErrPeriodNotOver,
        ("notice", "objections_unanswered") => M::ErrObjectionsOpen,
        (_, "required") => M::ErrRequired,
        (_, "too_long") => M::ErrTooLong,
        _ => M::ErrInvalid,
    }
}

/// A roster row's problem, in words.
pub fn row_rule(rule: &str) -> M {
    match rule {
        "not_a_grade" => M::RowGradeInvalid,
        "required" => M::RowRequired,
        "too_long" => M::RowTooLong,
        "duplicate_in_file" => M::RowDuplicate,
        _ => M::RowExists,
    }
}

/// A roster column's name.
pub fn roster_field(field: &str) -> M {
    match field {
        "grade" => M::Grade,
        "class" => M::Class,
        "name" => M::Name,
        _ => M::StudentNo,
    }
}

/// An RFC 3339 instant in China Standard Time (UTC+8, no daylight saving; the
/// zone of `domain::clock::SCHOOL_ZONE`, without shipping a zone database),
/// as schools and guardians read it.
pub fn instant(rfc3339: &str) -> String {
    let china = chrono::FixedOffset::east_opt(8 * 3600);
    match (chrono::DateTime::parse_from_rfc3339(rfc3339), china) {
        (Ok(t), Some(tz)) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        _ => rfc3339.to_string(),
    }
}

/// ISO weekday (1 = Monday) as a short name.
pub fn weekday(d: u8) -> M {
    [M::Mon, M::Tue, M::Wed, M::Thu, M::Fri, M::Sat, M::Sun][usize::from(d.clamp(1, 7) - 1)]
}

/// Yuan from fen, without trailing zeros: 8000 → "80", 8050 → "80.50".
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 { (fen / 100).to_string() } else { format!("{}.{:02}", fen / 100, (fen % 100).abs()) }
}

/// A plan problem: its message and, where the rule has a value, that value
/// in the user's language.
pub fn plan_problem(p: &PlanProblem, lang: Lang) -> String {
    use PlanProblem as P;
    let (m, detail): (M, String) = match p {
        P::TitleMissing => (M::ProbTitleMissing, String::new()),
        P::TermEndsBeforeItStarts => (M::ProbTermEndsBeforeItStarts, String::new()),
        P::NoWeekdays => (M::ProbNoWeekdays, String::new()),
        P::WeekendService => (M::ProbWeekendService, String::new()),
        P::EndsBeforeDismissal => (M::ProbEndsBeforeDismissal, String::new()),
        P::EndsTooEarly { season: s, earliest } => {
            (M::ProbEndsTooEarly, format!(" {} {}", season(*s).text(lang), earliest.format("%H:%M")))
        }
        P::EndsTooLate { latest } => (M::ProbEndsTooLate, format!(" {}", latest.format("%H:%M"))),
        P::TooLongAfterDismissal { season: s, max_minutes } => {
            (M::ProbTooLongAfterDismissal, format!(" {} {max_minutes}", season(*s).text(lang)))
        }
        P::ServiceTypeNotAllowed { service_type: t } => {
            (M::ProbServiceTypeNotAllowed, format!(" {}", service_type(*t).text(lang)))
        }
        P::NoActivities => (M::ProbNoActivities, String::new()),
        P::ForbiddenActivity { activity: a } => (M::ProbForbiddenActivity, format!(" {}", activity(*a).text(lang))),
        P::NoCapacity => (M::ProbNoCapacity, String::new()),
        P::FeeNotAllowed => (M::ProbFeeNotAllowed, String::new()),
        P::FeeAboveCap { cap_fen } => (M::ProbFeeAboveCap, format!(" {}", yuan(*cap_fen))),
        P::NegativeFee => (M::ProbNegativeFee, String::new()),
        P::FeeFilingMissing => (M::ProbFeeFilingMissing, String::new()),
        P::BillingPeriodNotAllowed { period } => {
            (M::ProbBillingPeriodNotAllowed, format!(" {}", billing_period(*period).text(lang)))
        }
        P::InsuranceMissing => (M::ProbInsuranceMissing, String::new()),
        P::PickupRulesMissing => (M::ProbPickupRulesMissing, String::new()),
        P::SafetyMeasuresMissing => (M::ProbSafetyMeasuresMissing, String::new()),
        P::EmergencyPlanMissing => (M::ProbEmergencyPlanMissing, String::new()),
        P::OverlapsPublishedPlan => (M::ProbOverlapsPublishedPlan, String::new()),
    };
    format!("{}{detail}", m.text(lang))
}

/// The language in use, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The message in the current language (reactive when called in a view).
    pub fn t(&self, m: M) -> &'static str {
        m.text(self.lang.get())
    }

}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.cookie_value())
}

/// The language the browser's cookie chose (islands, which have no context
/// from the page around them; the browser's side of `provide_i18n`).
#[cfg(any(feature = "hydrate", feature = "csr"))]
fn browser_lang() -> Lang {
    use wasm_bindgen::JsCast;
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .map(|c| Lang::from_cookie_header(&c))
        .unwrap_or_default()
}

/// Provides the language from the request's cookie (server) or the
/// document's cookie (browser), so both render the same first page.
pub fn provide_i18n() -> I18n {
    #[cfg(feature = "ssr")]
    let initial = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header))
        .unwrap_or_default();
    #[cfg(any(feature = "hydrate", feature = "csr"))]
    let initial = browser_lang();
    #[cfg(not(any(feature = "ssr", feature = "hydrate", feature = "csr")))]
    let initial = Lang::default();
    let i18n = I18n { lang: RwSignal::new(initial) };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        #[cfg(any(feature = "hydrate", feature = "csr"))]
        let lang = browser_lang();
        #[cfg(not(any(feature = "hydrate", feature = "csr")))]
        let lang = Lang::default();
        I18n { lang: RwSignal::new(lang) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_english_must_be_chosen() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Zh);
        assert_eq!(Lang::from_cookie_header("a=b; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Zh);
        assert_eq!(M::SignIn.text(Lang::Zh), "登录");
        assert_eq!(M::SignIn.text(Lang::En), "Sign in");
    }

    #[test]
    fn money_and_problems_read_naturally() {
        assert_eq!(yuan(8_000), "80");
        assert_eq!(yuan(8_050), "80.50");
        let p = PlanProblem::FeeAboveCap { cap_fen: 10_000 };
        assert_eq!(plan_problem(&p, Lang::Zh), "收费超过本区上限（元/生·月）： 100");
        assert_eq!(weekday(1), M::Mon);
        assert_eq!(weekday(7), M::Sun);
        assert_eq!(instant("2026-11-27T17:31:10Z"), "2026-11-28 01:31");
    }
}
