//! `--seed-domains N`: N generated virtual servers for the benchmarks, shaped like the recorded
//! data set so that a listing of them is about the size a real server of that many sends.
//!
//! They come in groups of four, as the recording has them: a top-level server with MySQL (like
//! example.com), its sub-server and its alias, and a top-level server without MySQL (like
//! test.org). Values are derived from the index, not drawn at random, so the same N always lists
//! the same bytes (up to the creation dates, which are fixed too) and runs compare.

use crate::state::{Domain, Kind};

/// Creation time of the first generated server; each next one is a minute later.
const FIRST_CREATED: u64 = 1_796_400_000;

/// The `n` generated servers in creation order (a parent always before its children).
pub fn domains(n: usize) -> Vec<Domain> {
    let width = digits(n.div_ceil(4)).max(5);
    let mut out: Vec<Domain> = Vec::with_capacity(n);
    for i in 0..n {
        let group = i / 4 + 1;
        let site = format!("vs{group:0width$}");
        let created = FIRST_CREATED + 60 * i as u64;
        let id = format!("{}{:05}", created, i % 100_000);
        let owner_uid = 5000 + 2 * (group as u32 - 1);
        let domain = match i % 4 {
            0 => Domain {
                id,
                name: format!("{site}.example.com"),
                kind: Kind::TopLevel,
                desc: format!("Generated site {group}"),
                user: site.clone(),
                uid: owner_uid,
                gid: owner_uid,
                prefix: site.clone(),
                pass_hash: hash(i as u64),
                mysql_pass: Some(token(i as u64 ^ 0x5eed, 25)),
                home: format!("/home/{site}"),
                email: format!("{site}@{site}.example.com"),
                created,
                features: words("unix dir mail mysql webmin"),
                databases: vec![site.clone()],
                disabled: None,
            },
            1 => {
                let parent = &out[i - 1];
                Domain {
                    id,
                    name: format!("sub.{}", parent.name),
                    kind: Kind::Sub {
                        parent: parent.name.clone(),
                    },
                    desc: format!("Sub server of {}", parent.name),
                    prefix: format!("sub-{site}"),
                    mysql_pass: None,
                    home: format!("{}/domains/sub.{}", parent.home, parent.name),
                    created,
                    features: words("dir mail"),
                    databases: vec![],
                    ..parent.clone()
                }
            }
            2 => {
                let parent = &out[i - 2];
                Domain {
                    id,
                    name: format!("{site}.example.net"),
                    kind: Kind::Alias {
                        target: parent.name.clone(),
                    },
                    desc: format!("Alias of {}", parent.name),
                    prefix: format!("{site}-net"),
                    mysql_pass: None,
                    home: format!("{}/domains/{site}.example.net", parent.home),
                    created,
                    features: words("dir mail"),
                    databases: vec![],
                    ..parent.clone()
                }
            }
            _ => {
                let user = format!("{site}org");
                Domain {
                    id,
                    name: format!("{site}.example.org"),
                    kind: Kind::TopLevel,
                    desc: format!("Generated organisation {group}"),
                    user: user.clone(),
                    uid: owner_uid + 1,
                    gid: owner_uid + 1,
                    prefix: user.clone(),
                    pass_hash: hash(i as u64),
                    mysql_pass: None,
                    home: format!("/home/{user}"),
                    email: format!("{user}@{site}.example.org"),
                    created,
                    features: words("unix dir mail webmin"),
                    databases: vec![],
                    disabled: None,
                }
            }
        };
        out.push(domain);
    }
    out
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// A yescrypt-shaped hash (`$y$j9T$salt$hash`) of the recorded length, derived from `seed`.
fn hash(seed: u64) -> String {
    format!("$y$j9T${}.${}", token(seed, 21), token(!seed, 43))
}

/// `len` letters and digits from a small xorshift generator seeded with `seed`.
fn token(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // NB: xorshift never leaves zero, so the seed is mixed with a fixed odd constant first.
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_four_mirror_the_recorded_set_and_names_are_distinct() {
        let domains = domains(10);
        let kinds: Vec<&Kind> = domains.iter().map(|d| &d.kind).collect();
        assert_eq!(kinds[0], &Kind::TopLevel);
        assert_eq!(
            kinds[1],
            &Kind::Sub {
                parent: "vs00001.example.com".into()
            }
        );
        assert_eq!(
            kinds[2],
            &Kind::Alias {
                target: "vs00001.example.com".into()
            }
        );
        assert_eq!(kinds[3], &Kind::TopLevel);
        assert!(domains[0].mysql_pass.is_some() && domains[3].mysql_pass.is_none());
        let mut names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 10);
        let mut ids: Vec<&str> = domains.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 10);
        assert!(domains.iter().all(|d| d.id.len() == 15));
    }

    #[test]
    fn the_same_count_generates_the_same_servers() {
        let (a, b) = (domains(8), domains(8));
        for (a, b) in a.iter().zip(&b) {
            assert_eq!(
                (&a.name, &a.pass_hash, &a.mysql_pass),
                (&b.name, &b.pass_hash, &b.mysql_pass)
            );
        }
        assert_eq!(a[0].pass_hash.len(), "$y$j9T$".len() + 21 + 2 + 43);
        assert_ne!(a[0].pass_hash, a[3].pass_hash);
    }
}
