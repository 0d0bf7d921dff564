//! How long each reader of uploaded input takes on the worst input its
//! bounds let through (or on the hostile input they stop): the time a
//! request can make the server spend, by construction.
use std::io::Write;
use std::time::{Duration, Instant};

fn timed(label: &str, runs: usize, mut f: impl FnMut() -> String) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut outcome = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        outcome = f();
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("  {label:<58} median {:>8.2} ms  max {:>8.2} ms  ({outcome})", ms(times[runs / 2]), ms(times[runs - 1]));
}

fn outcome<T>(r: inputs::Read<T>, what: impl Fn(&T) -> String) -> String {
    match r {
        Ok(v) => what(&v),
        Err(e) => format!("refused: {}", e.rule),
    }
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        z.start_file(*name, opts).expect("entry");
        z.write_all(data).expect("write");
    }
    z.finish().expect("zip");
    out.into_inner()
}

pub fn run(runs: usize) -> anyhow::Result<()> {
    use inputs::{ics, sheet};
    println!("readers of uploaded input, worst cases their bounds allow ({runs} runs each)");
    // A calendar just under 256 KiB: as many events as it may hold, each
    // with a long description.
    let event = |i: usize| {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("d") + chrono::Duration::days(i as i64 % 700);
        format!("BEGIN:VEVENT\nDTSTART;VALUE=DATE:{}\nSUMMARY:假日{i}(休)\nDESCRIPTION:{}\nEND:VEVENT\n", d.format("%Y%m%d"), "说明".repeat(40))
    };
    let mut big = "BEGIN:VCALENDAR\n".to_string();
    let mut i = 0;
    while big.len() + event(i).len() + 14 < ics::MAX_BYTES && i < ics::MAX_COMPONENTS - 1 {
        big.push_str(&event(i));
        i += 1;
    }
    big.push_str("END:VCALENDAR\n");
    timed(&format!("iCalendar, {} KiB, {i} events", big.len() / 1024), runs, || outcome(ics::parse(big.as_bytes()), |d| format!("{} days", d.len())));
    let nested = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:X\n".repeat((ics::MAX_BYTES - 16) / 8);
    timed("iCalendar, 256 KiB of nested components", runs, || outcome(ics::parse(nested.as_bytes()), |_| "read".into()));
    let row = |i: usize| format!("{},{}班,学生{i:05}{},{i:08}\n", i % 6 + 1, i % 9 + 1, "名".repeat(40));
    let csv: String = std::iter::once("年级,班级,姓名,学号\n".to_string()).chain((0..5_000).map(row)).collect();
    timed(&format!("roster CSV, {} KiB, 5,000 rows", csv.len() / 1024), runs, || outcome(sheet::cells("r.csv", csv.as_bytes(), 1 << 20, 5_000), |r| format!("{} rows", r.len())));
    let wide = ",".repeat((1 << 20) - 1);
    timed("CSV, 1 MiB of one record's commas", runs, || outcome(sheet::cells("r.csv", wide.as_bytes(), 1 << 20, 5_000), |r| format!("{} rows", r.len())));
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["年级", "班级", "姓名", "学号"].iter().enumerate() {
        s.write_string(0, c as u16, *h)?;
    }
    for r in 1..=5_000u32 {
        s.write_number(r, 0, f64::from(r % 6 + 1))?;
        s.write_string(r, 1, format!("{}班", r % 9 + 1))?;
        s.write_string(r, 2, format!("学生{r:05}"))?;
        s.write_string(r, 3, format!("{r:08}"))?;
    }
    let xlsx = book.save_to_buffer()?;
    timed(&format!("roster XLSX, {} KiB, 5,000 rows", xlsx.len() / 1024), runs, || outcome(sheet::cells("r.xlsx", &xlsx, 1 << 20, 5_000), |r| format!("{} rows", r.len())));
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml", vec![b' '; (sheet::MAX_INFLATED_BYTES + 1) as usize])]);
    timed(&format!("XLSX zip bomb, {} KiB inflating past 32 MiB", bomb.len() / 1024), runs, || outcome(sheet::cells("r.xlsx", &bomb, 1 << 20, 5_000), |_| "read".into()));
    let (first, last) = (inputs::dates::year(inputs::dates::FIRST_YEAR).map(|y| y.0), inputs::dates::year(inputs::dates::LAST_YEAR).map(|y| y.1));
    if let (Some(first), Some(last)) = (first, last) {
        timed("every day of the service's years (the longest date loop)", runs, || format!("{} days", inputs::dates::days(first, last).count()));
    }
    Ok(())
}
