//! District boundaries for the bureau's map (B2), shipped with the product
//! (`domain/geo/`, simplified from an MIT-licensed data set): whether a
//! point lies inside a district, where to draw it, and the outline as SVG.
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;
use wire::bureau::MapShape;

/// Exterior rings first, then holes, as (longitude, latitude).
type Polygon = Vec<Vec<(f64, f64)>>;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<(f64, f64)>>),
    MultiPolygon(Vec<Vec<Vec<(f64, f64)>>>),
}

fn districts() -> &'static HashMap<String, Vec<Polygon>> {
    static MAP: OnceLock<HashMap<String, Vec<Polygon>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let c: Collection = serde_json::from_str(include_str!("../../geo/districts.geojson")).unwrap_or(Collection { features: Vec::new() });
        c.features
            .into_iter()
            .map(|f| {
                let polygons = match f.geometry {
                    Geometry::Polygon(p) => vec![p],
                    Geometry::MultiPolygon(ps) => ps,
                };
                (f.properties.code, polygons)
            })
            .collect()
    })
}

/// Whether the district (by its GB/T 2260 code) has a shipped boundary.
pub fn has(code: &str) -> bool {
    districts().contains_key(code)
}

fn in_ring(ring: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        if (y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
            inside = !inside;
        }
    }
    inside
}

/// Whether (longitude, latitude) lies inside the district.
pub fn contains(code: &str, point: (f64, f64)) -> bool {
    districts().get(code).is_some_and(|ps| {
        ps.iter().any(|p| p.first().is_some_and(|outer| in_ring(outer, point)) && !p[1..].iter().any(|hole| in_ring(hole, point)))
    })
}

fn bounds(ps: &[Polygon]) -> (f64, f64, f64, f64) {
    let pts = ps.iter().flat_map(|p| p.first()).flatten();
    pts.fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)))
}

/// The `n`th of a district's well-spread points inside its boundary, the
/// same on every call: for placing demo schools.
pub fn point_inside(code: &str, n: u64) -> Option<(f64, f64)> {
    let ps = districts().get(code)?;
    let (x0, y0, x1, y1) = bounds(ps);
    // A low-discrepancy (R2) sequence spreads points evenly; those
    // outside the boundary are skipped.
    let (a1, a2) = (0.754_877_666_246_692_7, 0.569_840_290_998_053_3);
    let mut k = n * 3;
    loop {
        let (u, v) = ((0.5 + a1 * k as f64).fract(), (0.5 + a2 * k as f64).fract());
        let p = (x0 + u * (x1 - x0), y0 + v * (y1 - y0));
        if contains(code, p) {
            return Some(p);
        }
        k += 1;
        if k > n * 3 + 10_000 {
            return None;
        }
    }
}

/// Turns longitude and latitude into the map's units: an equirectangular
/// projection true at the district's middle latitude, north up.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    squash: f64,
}

impl Projection {
    pub fn at(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        let r = |v: f64| (v * 10.0).round() / 10.0;
        (r((lon - self.west) * self.squash * self.scale), r((self.north - lat) * self.scale))
    }
}

/// The district's outline `width` units wide, and the projection that
/// places schools on it.
pub fn shape(code: &str, width: f64) -> Option<(MapShape, Projection)> {
    let ps = districts().get(code)?;
    let (x0, y0, x1, y1) = bounds(ps);
    let squash = ((y0 + y1) / 2.0).to_radians().cos();
    let scale = width / ((x1 - x0) * squash);
    let proj = Projection { west: x0, north: y1, scale, squash };
    let mut outline = String::new();
    for ring in ps.iter().flatten() {
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = proj.at(*p);
            outline.push_str(&format!("{}{x} {y}", if i == 0 { "M" } else { "L" }));
        }
        outline.push('Z');
    }
    Some((MapShape { width, height: ((y1 - y0) * scale).ceil(), outline }, proj))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 5] = ["220102", "420502", "370402", "411102", "530302"];

    #[test]
    fn every_seed_district_has_a_boundary_that_holds_its_points() {
        for code in CODES {
            assert!(has(code), "{code}");
            for n in 0..50 {
                let p = point_inside(code, n).expect("a point");
                assert!(contains(code, p), "{code} {n}");
            }
            // Far outside: the middle of the sea.
            assert!(!contains(code, (150.0, 10.0)));
        }
        assert!(!has("999999"));
    }

    #[test]
    fn the_outline_fits_its_box_and_points_land_inside_it() {
        let (map, proj) = shape("370402", 600.0).expect("shape");
        assert!(map.outline.starts_with('M') && map.outline.ends_with('Z'));
        assert!(map.height > 100.0 && map.height < 1200.0);
        let (x, y) = proj.at(point_inside("370402", 1).expect("point"));
        assert!((0.0..=600.0).contains(&x) && (0.0..=map.height).contains(&y));
    }
}
