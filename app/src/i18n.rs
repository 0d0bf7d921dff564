//! Every text a user reads, in Chinese (the default) and English. Components
//! name a message (`M::SignIn`) and never spell text themselves; a missing
//! translation is a compile error, not a blank on screen.
use leptos::prelude::*;
use wire::home::Capability;
use wire::org::SchoolKind;
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
    fn cookie_value(self) -> &'static str {
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
    Tagline: "课后服务报名、日常管理与区域监管", "Sign-up, daily operations and district supervision of after-school care";
    ForParents: "家长：在手机上阅读学校方案、为孩子报名、签署协议、接收通知。", "Guardians: read the school's plan, apply for your children, sign the agreement and get notices, on your phone.";
    ForSchools: "学校与家委会：审核报名、排课、考勤、接送、值班与招投标。", "Schools and family committees: review applications, schedule, take attendance, hand over, keep duty and run tenders.";
    ForBureau: "教育局：全区统计、地图与合规提醒。", "Bureau: district statistics, maps and compliance flags.";
    OtherLanguage: "English", "中文";
    SignIn: "登录", "Sign in";
    SignOut: "退出登录", "Sign out";
    SigningIn: "正在登录…", "Signing in…";
    PhoneOrUsername: "手机号或用户名", "Phone number or user name";
    Password: "密码", "Password";
    Hello: "您好，", "Hello, ";
    YourRoles: "您的身份", "Your roles";
    YouMay: "您可以：", "You may:";
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
    CapSignAgreement: "签署托管协议", "Sign the agreement";
    CapReviewClassApplications: "审核本班报名", "Review your class's applications";
    CapTakeAttendance: "考勤点名", "Take attendance";
    CapHandOverChildren: "放学交接与接送", "Hand children over at pickup";
    CapManageSchool: "管理本校", "Manage the school";
    CapPublishPlan: "发布一校一案", "Publish the school plan";
    CapReviewApplications: "审核报名", "Review applications";
    CapCompareBids: "比较与评审投标", "Compare and score bids";
    CapSuperviseTenders: "监督招投标全过程", "Supervise tenders";
    CapBidOnTenders: "参与投标", "Bid on tenders";
    CapViewDistrictStatistics: "查看全区统计", "See district statistics";
    CapApproveVendors: "审批机构准入", "Approve vendors";
    CapInspect: "督导检查", "Inspect schools";
    ErrUnauthenticated: "请先登录。", "Please sign in first.";
    ErrForbidden: "您没有权限查看此页面。", "You are not allowed to see this page.";
    ErrNotFound: "找不到该页面或内容。", "This page or item does not exist.";
    ErrSignInFailed: "账号或密码不正确。", "Wrong phone number, user name or password.";
    ErrRateLimited: "尝试次数过多，请 15 分钟后再试。", "Too many attempts. Try again in 15 minutes.";
    ErrInvalid: "输入有误，请检查后重试。", "Some input is not valid. Check it and try again.";
    ErrConflict: "该记录已存在。", "This already exists.";
    ErrInternal: "服务器出错了，请稍后再试。", "Something went wrong on the server. Try again later.";
    ErrTransport: "网络连接失败，请检查网络后重试。", "The request did not get through. Check your connection and try again.";
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
        C::ReviewClassApplications => M::CapReviewClassApplications,
        C::TakeAttendance => M::CapTakeAttendance,
        C::HandOverChildren => M::CapHandOverChildren,
        C::ManageSchool => M::CapManageSchool,
        C::PublishPlan => M::CapPublishPlan,
        C::ReviewApplications => M::CapReviewApplications,
        C::CompareBids => M::CapCompareBids,
        C::SuperviseTenders => M::CapSuperviseTenders,
        C::BidOnTenders => M::CapBidOnTenders,
        C::ViewDistrictStatistics => M::CapViewDistrictStatistics,
        C::ApproveVendors => M::CapApproveVendors,
        C::Inspect => M::CapInspect,
    }
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

    /// Switches language and remembers it in a cookie for the next visit.
    pub fn switch(&self) {
        let next = self.lang.get_untracked().other();
        self.lang.set(next);
        #[cfg(any(feature = "hydrate", feature = "csr"))]
        {
            use wasm_bindgen::JsCast;
            if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
                let _ = doc.set_cookie(&format!(
                    "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                    next.cookie_value()
                ));
            }
        }
    }
}

/// Provides the language from the request's cookie (server) or the
/// document's cookie (browser), so both render the same first page.
pub fn provide_i18n() -> I18n {
    #[cfg(feature = "ssr")]
    let initial = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header))
        .unwrap_or_default();
    #[cfg(any(feature = "hydrate", feature = "csr"))]
    let initial = {
        use wasm_bindgen::JsCast;
        document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|d| d.cookie().ok())
            .map(|c| Lang::from_cookie_header(&c))
            .unwrap_or_default()
    };
    #[cfg(not(any(feature = "ssr", feature = "hydrate", feature = "csr")))]
    let initial = Lang::default();
    let i18n = I18n { lang: RwSignal::new(initial) };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n { lang: RwSignal::new(Lang::default()) })
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
}
