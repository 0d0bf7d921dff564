//! The bureau (B1–B5): each school's statistics per grade and month, kept
//! current by the services (they mark a school's month stale; the next read
//! recounts only that school's month), and the schools' monthly and annual reports.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000015_bureau"
    }
}

fn tables() -> Vec<Spec> {
    vec![
        (
            // `grade_id` 0 holds the figures that belong to the whole school.
            "school_stat",
            vec![
                reference(a("district_id")),
                reference(a("school_id")),
                reference(a("grade_id")),
                text(a("month")),
                int("students"),
                int("enrolled"),
                int("priority"),
                int("waived"),
                int("present"),
                int("absent"),
                int("child_days"),
                int("staff"),
                int("outside_staff"),
                int("vendors"),
                int("incidents"),
                int("charged_fen"),
                int("paid_fen"),
                int("survey_sum"),
                int("survey_n"),
            ],
            vec![vec!["school_id", "month", "grade_id"]],
        ),
        ("stat_stale", vec![reference(a("school_id")), text(a("month")), int("version")], vec![vec!["school_id", "month"]]),
        (
            "school_report",
            vec![
                reference(a("district_id")),
                reference(a("school_id")),
                text(a("period")),
                long("figures"),
                long("narrative"),
                text(a("status")),
                reference(a("submitted_by")),
                instant(a("submitted_at")),
                int_null("reviewed_by"),
                instant_null("reviewed_at"),
                long("review_note"),
            ],
            vec![vec!["school_id", "period"]],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_tables(m, tables()).await?;
        for (name, cols) in [("school_stat", vec!["district_id", "month"]), ("school_report", vec!["district_id", "period"])] {
            let mut i = Index::create();
            i.name(format!("idx_{name}_{}", cols.join("_"))).table(a(name));
            for c in cols {
                i.col(a(c));
            }
            m.create_index(i.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, ..) in tables().into_iter().rev() {
            m.drop_table(Table::drop().table(a(name)).to_owned()).await?;
        }
        Ok(())
    }
}
