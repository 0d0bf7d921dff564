//! The tender board (V1–V8, P10): vendors' documents and entry into a
//! district, tenders with their panels, sealed bids (ciphertext only until
//! the opening: the bidder is a keyed tag, never an id), the opening, scores,
//! declarations and objections, the award with its standstill, complaints and
//! approvals, contracts, evaluations, satisfaction surveys and the citywide
//! blacklist.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000013_tender"
    }
}

fn tables() -> Vec<Spec> {
    vec![
        ("vendor_document", vec![reference(a("vendor_id")), text(a("kind")), text(a("number")), date("expires_on"), instant(a("added_at"))], vec![]),
        (
            "vendor_entry",
            vec![reference(a("vendor_id")), reference(a("district_id")), text(a("status")), instant(a("requested_at"))],
            vec![vec!["vendor_id", "district_id"]],
        ),
        // One decided step of an approval chain: `subject` is `entry:ID` or `award:ID`.
        (
            "approval",
            vec![text(a("subject")), int("step_no"), text(a("step")), flag(a("approved")), long("note"), reference(a("account_id")), instant(a("at"))],
            vec![vec!["subject", "step_no"]],
        ),
        (
            "tender",
            vec![
                reference(a("school_id")),
                reference(a("district_id")),
                text(a("service_kind")),
                text(a("title")),
                long("requirements"),
                long("criteria"),
                int("estimate_fen"),
                text(a("price_unit")),
                flag(a("whole_service")),
                instant(a("bid_deadline")),
                instant(a("opening_at")),
                int("terms_version"),
                text(a("status")),
                reference(a("created_by")),
                instant(a("created_at")),
                ColumnDef::new(a("opened_at")).timestamp_with_time_zone().null().to_owned(),
                int_null("reissue_of"),
            ],
            vec![],
        ),
        ("tender_panel", vec![reference(a("tender_id")), reference(a("account_id")), text(a("panel"))], vec![vec!["tender_id", "account_id"]]),
        (
            "bid",
            vec![
                reference(a("tender_id")),
                // HMAC of tender and vendor under the bid key: the vendor finds its
                // own bid, a reader of the database cannot tell whose it is.
                text(a("bidder_tag")),
                blob("nonce"),
                blob("sealed"),
                text(a("commitment")),
                int("terms_version"),
                instant(a("submitted_at")),
                // Filled at the opening.
                int_null("vendor_id"),
                ColumnDef::new(a("opened")).text().null().to_owned(),
                ColumnDef::new(a("qualified")).boolean().null().to_owned(),
                text_null(a("disqualified")),
            ],
            vec![vec!["tender_id", "bidder_tag"]],
        ),
        ("bid_file", vec![reference(a("bid_id")), int("no"), blob("nonce"), blob("sealed")], vec![vec!["bid_id", "no"]]),
        ("opening_consent", vec![reference(a("tender_id")), reference(a("account_id")), instant(a("at"))], vec![vec!["tender_id", "account_id"]]),
        (
            "bid_score",
            vec![reference(a("tender_id")), reference(a("bid_id")), reference(a("account_id")), int("criterion"), int("score"), long("reason"), instant(a("at"))],
            vec![vec!["bid_id", "account_id", "criterion"]],
        ),
        (
            "panel_declaration",
            vec![reference(a("tender_id")), reference(a("account_id")), reference(a("bid_id")), long("note"), instant(a("at"))],
            vec![vec!["tender_id", "account_id"]],
        ),
        ("tender_objection", vec![reference(a("tender_id")), reference(a("account_id")), int_null("bid_id"), long("body"), instant(a("at"))], vec![]),
        (
            "award",
            vec![
                reference(a("tender_id")),
                reference(a("bid_id")),
                reference(a("vendor_id")),
                reference(a("proposed_by")),
                instant(a("proposed_at")),
                instant(a("standstill_until")),
                text(a("status")),
            ],
            vec![],
        ),
        (
            "complaint",
            vec![
                reference(a("award_id")),
                reference(a("vendor_id")),
                long("body"),
                instant(a("filed_at")),
                ColumnDef::new(a("answer")).text().null().to_owned(),
                ColumnDef::new(a("upheld")).boolean().null().to_owned(),
                int_null("answered_by"),
            ],
            vec![],
        ),
        (
            "contract",
            vec![
                reference(a("tender_id")),
                reference(a("award_id")),
                reference(a("school_id")),
                reference(a("vendor_id")),
                date("starts_on"),
                date("ends_on"),
                int("price_fen"),
                text(a("price_unit")),
                long("service"),
                text(a("status")),
                instant(a("created_at")),
                text_null(a("end_cause")),
                long("end_note"),
            ],
            vec![vec!["award_id"]],
        ),
        ("vendor_evaluation", vec![reference(a("contract_id")), reference(a("account_id")), int("score"), long("note"), instant(a("at"))], vec![]),
        (
            "survey_response",
            vec![
                reference(a("school_id")),
                reference(a("account_id")),
                text(a("period")),
                int("service"),
                int("staff"),
                long("comment"),
                int_null("vendor_id"),
                instant(a("at")),
            ],
            vec![vec!["school_id", "account_id", "period"]],
        ),
        (
            "blacklist",
            vec![
                reference(a("vendor_id")),
                reference(a("city_id")),
                long("reason"),
                date("from_date"),
                date("until_date"),
                int_null("contract_id"),
                reference(a("account_id")),
                instant(a("at")),
            ],
            vec![],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(a("kind")).string().not_null().default("after_school").to_owned(),
            ColumnDef::new(a("phone")).string().not_null().default("").to_owned(),
        ] {
            m.alter_table(Table::alter().table(a("vendor")).add_column(col).to_owned()).await?;
        }
        create_tables(m, tables()).await?;
        for (name, col) in [("bid", "tender_id"), ("bid_score", "tender_id"), ("award", "tender_id"), ("contract", "vendor_id"), ("blacklist", "vendor_id")] {
            m.create_index(Index::create().name(format!("idx_{name}_{col}")).table(a(name)).col(a(col)).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, ..) in tables().into_iter().rev() {
            m.drop_table(Table::drop().table(a(name)).to_owned()).await?;
        }
        for col in ["phone", "kind"] {
            m.alter_table(Table::alter().table(a("vendor")).drop_column(a(col)).to_owned()).await?;
        }
        Ok(())
    }
}
