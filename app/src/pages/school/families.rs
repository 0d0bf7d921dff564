//! The school's side of families: roster import, link codes per class
//! (printable), the day's pickup requests, and a child's special needs for
//! the staff who serve the child.
use crate::api::{ReissueLinkCode, RevokeLink, SetLinkCodeDays, StudentSpecialNeeds, class_link_codes, roster};
use crate::components::{FormError, Loading, SheetForm, show};
use crate::error::AppError;
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use leptos::web_sys::HtmlInputElement;
use wire::ids::{ClassId, SchoolId, StudentId};
use wire::roster::RosterPreview;

/// Upload a sheet, see every row's problem, import only a clean sheet.
#[component]
pub fn RosterPage() -> impl IntoView {
    let id = id_param();
    move || id.get().map(|school| view! { <RosterUpload school=SchoolId(school)/> })
}

/// The browser reads the chosen file and sends it (an island, loaded only
/// on this page).
// The static front end (trunk) cannot split the bundle: a plain island there.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn RosterUpload(school: SchoolId) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let upload = Action::new_local(|(school, import, input): &(SchoolId, bool, HtmlInputElement)| {
        let (school, import, input) = (*school, *import, input.clone());
        async move {
            let (name, content) = crate::components::read_file(&input, wire::roster::MAX_BYTES).await?;
            roster(school, import, name, content).await
        }
    });
    let result = upload.value();
    view! {
        <section>
            <h1>{move || i18n.t(M::Roster)}</h1>
            <p class="hint">{move || i18n.t(M::RosterHint)}</p>
            <SheetForm label=M::RosterFile check=M::Preview import=M::ImportRoster send=move |import, input| { upload.dispatch_local((school, import, input)); }/>
            <FormError error=Signal::derive(move || result.get().and_then(|r: Result<RosterPreview, AppError>| r.err()))/>
            {move || result.get().and_then(|r| r.ok()).map(|p| view! { <RosterResult p/> })}
        </section>
    }
}

#[component]
fn RosterResult(p: RosterPreview) -> impl IntoView {
    let i18n = use_i18n();
    let n = p.rows.len();
    if !p.errors.is_empty() {
        return view! {
            <div class="roster-errors">
                <p class="error" role="alert">{move || i18n.t(M::RosterHasErrors)}</p>
                <table class="data">
                    <thead><tr><th>{move || i18n.t(M::Line)}</th><th>{move || i18n.t(M::Problem)}</th></tr></thead>
                    <tbody>
                        {p.errors.into_iter().map(|e| {
                            let (f, r) = (i18n::roster_field(&e.field), i18n::row_rule(&e.rule));
                            view! { <tr><td class="num">{e.line}</td><td>{move || i18n.t(f)}": "{move || i18n.t(r)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any();
    }
    let imported = p.imported;
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    let done = move || if imported { i18n::msg::roster_imported(i18n.lang.get(), n) } else { i18n::msg::roster_ok(i18n.lang.get(), n) };
    view! {
        <div class="roster-ok">
            <p class="ok" role="status">{done}</p>
            {(!p.new_classes.is_empty()).then(|| view! {
                <p>{move || i18n::msg::new_classes(i18n.lang.get(), p.new_classes.iter().map(|c| c.replace('|', " · ")).collect::<Vec<_>>().join("，"))}</p>
            })}
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(M::Grade)}</th><th>{move || i18n.t(M::Class)}</th>
                    <th>{move || i18n.t(M::Name)}</th><th>{move || i18n.t(M::StudentNo)}</th>
                </tr></thead>
                <tbody>
                    {p.rows.into_iter().map(|r| view! {
                        <tr><td class="num">{r.grade}</td><td>{r.class_name}</td><td>{r.name}</td><td>{r.student_no}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A class's link codes, to print and hand out, with the guardians linked
/// so far; the school's admin reissues codes and removes links.
#[component]
pub fn ClassLinksPage() -> impl IntoView {
    crate::components::expects_island();
    let i18n = use_i18n();
    let id = id_param();
    let reissue = ServerAction::<ReissueLinkCode>::new();
    let revoke = ServerAction::<RevokeLink>::new();
    let term = ServerAction::<SetLinkCodeDays>::new();
    let page = Resource::new(
        move || (id.get(), reissue.version().get(), revoke.version().get(), term.version().get()),
        |(id, ..)| class_link_codes(ClassId(id.unwrap_or(0))),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(page.get(), |c| view! {
                <section class="link-codes">
                    <p class="eyebrow">{c.school.clone()}</p>
                    <h1>{c.class_name.clone()}" · "{move || i18n.t(M::LinkCodes)}</h1>
                    <p class="hint no-print">{move || i18n.t(M::LinkCodesHint)}</p>
                    <crate::components::PrintButton/>
                    <ActionForm action=term attr:class="inline no-print">
                        <input type="hidden" name="school" value=c.school_id.to_string()/>
                        <label>
                            <span>{move || i18n.t(M::LinkCodeTerm)}</span>
                            <input type="number" name="days" min="1" max=wire::families::MAX_LINK_CODE_DAYS.to_string() value=c.link_code_days.to_string() required/>
                        </label>
                        <button class="button secondary" type="submit">{move || i18n.t(M::Save)}</button>
                    </ActionForm>
                    <FormError error=crate::components::failure(term.value())/>
                    <FormError error=crate::components::failure(revoke.value())/>
                    <table class="data codes">
                        <thead><tr>
                            <th>{move || i18n.t(M::StudentNo)}</th><th>{move || i18n.t(M::Name)}</th>
                            <th>{move || i18n.t(M::LinkCode)}</th><th class="no-print">{move || i18n.t(M::LinkedGuardians)}</th>
                        </tr></thead>
                        <tbody>
                            {c.students.into_iter().map(|s| view! {
                                <tr data-student=s.student.to_string()>
                                    <td>{s.student_no}</td>
                                    <td><a href=format!("/students/{}/needs", s.student)>{s.name}</a></td>
                                    <td class="code">
                                        {match s.open_code {
                                            Some(code) => {
                                                let until = code.valid_until.filter(|_| !code.expired);
                                                view! {
                                                    <code>{code.code}</code>
                                                    <small class="valid">{match until {
                                                        Some(d) => view! { {move || i18n.t(M::LinkCodeValidUntil)}" "{d.to_string()} }.into_any(),
                                                        None => view! { {move || i18n.t(M::LinkCodeExpired)} }.into_any(),
                                                    }}</small>
                                                }.into_any()
                                            }
                                            None => view! { <small>{move || i18n.t(M::Codeless)}</small> }.into_any(),
                                        }}
                                        <ActionForm action=reissue attr:class="inline no-print">
                                            <input type="hidden" name="student" value=s.student.to_string()/>
                                            <button class="link" type="submit">{move || i18n.t(M::Reissue)}</button>
                                        </ActionForm>
                                    </td>
                                    <td class="no-print">
                                        {s.guardians.into_iter().map(|g| view! {
                                            <div class="guardian">
                                                {g.name}" ("{g.relation}") "{g.phone}
                                                <ActionForm action=revoke attr:class="inline">
                                                    <input type="hidden" name="link" value=g.link.to_string()/>
                                                    <button class="link danger" type="submit">{move || i18n.t(M::RevokeLink)}</button>
                                                </ActionForm>
                                            </div>
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
        </Suspense>
    }
}


/// A child's special needs, for the staff who serve the child. Nothing is
/// read when the page opens: the staff member asks, the read is logged, and
/// the needs and the log are shown.
#[component]
pub fn StudentNeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    view! {
        <section>
            <h1>{move || i18n.t(M::SpecialNeeds)}</h1>
            <p class="hint">{move || i18n.t(M::ReadNeedsHint)}</p>
            {move || id.get().map(|child| view! { <NeedsReader child=StudentId(child)/> })}
        </section>
    }
}

/// The button that reads (a POST, logged) and what it read: an island, as
/// the answer is shown in place, never in a page a link could open.
// The static front end (trunk) cannot split the bundle: a plain island there.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn NeedsReader(child: StudentId) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let read = ServerAction::<StudentSpecialNeeds>::new();
    view! {
        <ActionForm action=read attr:class="inline">
            <input type="hidden" name="child" value=child.to_string()/>
            <button class="button" type="submit" disabled=move || read.pending().get()>{move || i18n.t(M::ReadNeeds)}</button>
        </ActionForm>
        <FormError error=crate::components::failure(read.value())/>
        {move || read.value().get().and_then(|r| r.ok()).map(|n| view! {
            <p class="eyebrow">{n.class_name.clone()}</p>
            <h2>{n.name.clone()}</h2>
            <crate::components::NeedsList needs=n.needs/>
            <h2>{move || i18n.t(M::ReadLog)}</h2>
            <crate::components::ReadsList reads=n.reads/>
        })}
    }
}
