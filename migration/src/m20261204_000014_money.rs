//! Money (M1–M6, P3, P7): fee schedules per plan, the proof behind a
//! declared status, each child's charges, the ledger of every school's
//! service money (postings that each move one amount between two accounts,
//! so the books always balance; never edited, a correction is a reversal),
//! published monthly disclosures, term settlements, pay rates, and a daily
//! count of the distinct children present per class for the subsidy.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000014_money"
    }
}

fn tables() -> Vec<Spec> {
    vec![
        (
            "fee_schedule",
            vec![
                reference(a("plan_id")),
                reference(a("school_id")),
                int("version"),
                date("effective_from"),
                long("items"),
                text(a("billing_period")),
                text(a("filing_number")),
                date_null("filing_date"),
                flag(a("needs_consent")),
                int_null("consented_by"),
                flag(a("needs_approval")),
                int_null("decided_by"),
                instant_null("decided_at"),
                long("note"),
                text(a("status")),
                reference(a("proposed_by")),
                instant(a("proposed_at")),
            ],
            vec![vec!["plan_id", "version"]],
        ),
        (
            "status_claim",
            vec![
                reference(a("school_id")),
                reference(a("application_id")),
                reference(a("student_id")),
                text(a("kind")),
                text(a("status")),
                int("step"),
                ColumnDef::new(a("proof")).blob().null().to_owned(),
                flag(a("proof_pdf")),
                date("purge_after"),
                instant_null("uploaded_at"),
                long_null("reason"),
                int_null("decided_by"),
                instant_null("decided_at"),
            ],
            vec![vec!["application_id", "kind"]],
        ),
        (
            "charge",
            vec![
                reference(a("school_id")),
                reference(a("plan_id")),
                reference(a("student_id")),
                reference(a("application_id")),
                text(a("period")),
                date("covers_from"),
                date("covers_to"),
                int("days"),
                int("amount_fen"),
                instant(a("created_at")),
            ],
            vec![vec!["plan_id", "student_id", "period"]],
        ),
        (
            "ledger_posting",
            vec![
                reference(a("school_id")),
                date("on_date"),
                text(a("kind")),
                text(a("debit")),
                text(a("credit")),
                int("amount_fen"),
                int_null("student_id"),
                int_null("charge_id"),
                long("memo"),
                // A bank transaction, a billing period, a pay month: what
                // makes a booking once only.
                text_null(a("reference")),
                int_null("reverses"),
                reference(a("account_id")),
                instant(a("created_at")),
            ],
            vec![vec!["school_id", "reference"], vec!["reverses"]],
        ),
        ("disclosure", vec![reference(a("school_id")), text(a("month")), long("figures"), reference(a("published_by")), instant(a("published_at"))], vec![vec!["school_id", "month"]]),
        (
            "settlement",
            vec![
                reference(a("plan_id")),
                reference(a("school_id")),
                date("from_date"),
                date("to_date"),
                int("income_fen"),
                int("spending_fen"),
                int("surplus_fen"),
                flag(a("refunded")),
                long("statements"),
                reference(a("confirmed_by")),
                instant(a("confirmed_at")),
            ],
            vec![vec!["plan_id"]],
        ),
        ("pay_rate", vec![reference(a("school_id")), long("rates"), reference(a("set_by")), instant(a("set_at"))], vec![]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_tables(m, tables()).await?;
        for (name, cols) in [
            ("status_claim", vec!["school_id", "status"]),
            ("charge", vec!["student_id"]),
            ("charge", vec!["application_id"]),
            ("charge", vec!["school_id", "period"]),
            ("ledger_posting", vec!["school_id", "on_date"]),
            ("ledger_posting", vec!["student_id"]),
            ("ledger_posting", vec!["charge_id"]),
            // Billing finds each enrolment's first guardian signature.
            ("signature", vec!["application_id"]),
        ] {
            let mut i = Index::create();
            i.name(format!("idx_{name}_{}", cols.join("_"))).table(a(name));
            for c in cols {
                i.col(a(c));
            }
            m.create_index(i.to_owned()).await?;
        }
        // The distinct children present at least once that day: a child in
        // two sessions counts once for the subsidy.
        m.alter_table(Table::alter().table(a("attendance_total")).add_column(ColumnDef::new(a("child_days")).integer().not_null().default(0)).to_owned()).await?;
        m.get_connection().execute_unprepared("UPDATE attendance_total SET child_days = present").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_signature_application_id").table(a("signature")).to_owned()).await?;
        m.alter_table(Table::alter().table(a("attendance_total")).drop_column(a("child_days")).to_owned()).await?;
        for (name, ..) in tables().into_iter().rev() {
            m.drop_table(Table::drop().table(a(name)).to_owned()).await?;
        }
        Ok(())
    }
}
