//! The practice's key, and the recovery key that writes it down for people.
//!
//! A practice is encrypted with 32 random bytes given to SQLCipher raw (no
//! key derivation at every open; see docs/decisions.md, "Encryption at rest").
//! SQLCipher's salt is derived from the key, so the key alone opens the file
//! on any computer. The recovery key is the same 32 bytes in Crockford's
//! base32 — letters and digits that cannot be mistaken for one another, read
//! case-blind, O as 0 and I or L as 1 — in groups of four, followed by one
//! check group, so a mistyped recovery key is refused before any file is
//! tried. A key file (`--key-file`) holds the recovery key on its first line.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of the key itself (256 bits, five to a character).
const KEY_CHARS: usize = 52;
/// Characters of the check group (20 bits of a hash of the key).
const CHECK_CHARS: usize = 4;
const FIELD: &str = "recovery_key";

/// A practice's key. Never printed: `Debug` shows no byte of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<Key> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| {
            Error::Io(std::io::Error::other(format!(
                "the operating system gave no random bytes for a new key: {e}"
            )))
        })?;
        Ok(Key(bytes))
    }

    /// The key a recovery key writes down. Spaces, dashes and case do not
    /// matter; O reads as 0, I and L as 1. A wrong length, a character no
    /// recovery key uses, or a check group that does not match is refused,
    /// naming what is wrong.
    pub fn from_recovery(text: &str) -> Result<Key> {
        let mut values = Vec::with_capacity(KEY_CHARS + CHECK_CHARS);
        for c in text.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let value = match c.to_ascii_uppercase() {
                'O' => Some(0),
                'I' | 'L' => Some(1),
                up => ALPHABET.iter().position(|&a| char::from(a) == up),
            };
            match value {
                Some(v) => values.push(v as u8),
                None => {
                    return Err(Error::invalid(
                        FIELD,
                        format!(
                            "A recovery key has only letters and digits; “{c}” is not one of them"
                        ),
                    ))
                }
            }
        }
        if values.len() != KEY_CHARS + CHECK_CHARS {
            return Err(Error::invalid(
                FIELD,
                format!(
                    "A recovery key has {} letters and digits (14 groups of 4); this has {}",
                    KEY_CHARS + CHECK_CHARS,
                    values.len()
                ),
            ));
        }
        let (body, check) = values.split_at(KEY_CHARS);
        let bits = unpack(body);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&bits[..32]);
        // The last character carries the key's last bit and 4 unused bits.
        if body[KEY_CHARS - 1] & 0b1111 != 0 {
            return Err(mistyped());
        }
        let key = Key(bytes);
        if check != key.check_values() {
            return Err(mistyped());
        }
        Ok(key)
    }

    /// The recovery key: 14 groups of four letters and digits, the last the
    /// check group.
    pub fn recovery_text(&self) -> String {
        let mut values = pack(&self.0, KEY_CHARS);
        values.extend(self.check_values());
        values
            .chunks(4)
            .map(|group| {
                group
                    .iter()
                    .map(|&v| char::from(ALPHABET[v as usize]))
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The statements that give a SQLCipher connection this key — `PRAGMA
    /// key` with the raw key and its salt, and the plain header every
    /// practice has — before anything is read: what a tool outside the app
    /// (the `sqlcipher` shell) runs to open a practice.
    pub fn sqlcipher_pragmas(&self) -> String {
        format!(
            "PRAGMA key = \"{}\"; PRAGMA cipher_plaintext_header_size = {};",
            self.pragma_value(),
            crate::storage::PLAIN_HEADER
        )
    }

    /// What `PRAGMA key` is given: the raw key and the salt derived from it.
    pub(crate) fn pragma_value(&self) -> String {
        let mut hex = String::with_capacity(100);
        hex.push_str("x'");
        for b in self.0.iter().chain(self.salt().iter()) {
            hex.push_str(&format!("{b:02X}"));
        }
        hex.push('\'');
        hex
    }

    /// Whether `page` — page `number` (2 or later) of a file SQLCipher 4
    /// wrote with its default settings (`page.len()` bytes a page, 80 of them
    /// reserved for the IV and an HMAC-SHA512) — carries an HMAC made with
    /// this key. SQLCipher itself can only say that page 1 did not verify,
    /// which is the same for a wrong key and a damaged page 1; a later page
    /// tells them apart.
    pub(crate) fn signed(&self, page: &[u8], number: u32) -> bool {
        use hmac::Mac;
        const IV: usize = 16;
        const TAG: usize = 64;
        const RESERVED: usize = 80;
        if number < 2 || page.len() <= RESERVED {
            return false;
        }
        let mut hmac_salt = self.salt();
        for b in &mut hmac_salt {
            *b ^= 0x3a;
        }
        let mut hmac_key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha512>(&self.0, &hmac_salt, 2, &mut hmac_key);
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha512>::new_from_slice(&hmac_key) else {
            return false;
        };
        let signed_len = page.len() - RESERVED + IV;
        mac.update(&page[..signed_len]);
        mac.update(&number.to_le_bytes());
        mac.verify_slice(&page[signed_len..signed_len + TAG])
            .is_ok()
    }

    /// SQLCipher's salt for this key: derived, so the key alone is enough.
    fn salt(&self) -> [u8; 16] {
        let digest = Sha256::new()
            .chain_update(b"Standard Practice salt\0")
            .chain_update(self.0)
            .finalize();
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&digest[..16]);
        salt
    }

    /// The check group: 20 bits of a hash of the key.
    fn check_values(&self) -> Vec<u8> {
        let digest = Sha256::new()
            .chain_update(b"Standard Practice check\0")
            .chain_update(self.0)
            .finalize();
        pack(&digest[..3], CHECK_CHARS)
    }

    /// Reads the key from a key file: the recovery key on its first line
    /// that is not empty. The file must be an ordinary file of at most 4 KB.
    pub fn read_file(path: &Path) -> Result<Key> {
        let shown = path.display();
        let problem =
            |why: String| Error::invalid("key_file", format!("The key file {shown} {why}"));
        let meta = std::fs::metadata(path)
            .map_err(|e| problem(format!("cannot be read: {}", crate::output::io_reason(&e))))?;
        if !meta.is_file() {
            return Err(problem("is not an ordinary file".into()));
        }
        if meta.len() > 4096 {
            return Err(problem("is too large to be a key file".into()));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| problem(format!("cannot be read: {}", crate::output::io_reason(&e))))?;
        let line = text
            .lines()
            // Windows' Notepad starts a file with a byte-order mark.
            .map(|l| l.trim().trim_start_matches('\u{feff}').trim())
            .find(|l| !l.is_empty())
            .unwrap_or("");
        Key::from_recovery(line).map_err(|e| problem(format!("does not hold a recovery key: {e}")))
    }

    /// Writes the key into a new key file, readable by its owner only; never
    /// over an existing file or through a link.
    pub fn write_new_file(&self, path: &Path) -> Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(path).and_then(|mut f| {
            writeln!(f, "{}", self.recovery_text())?;
            f.sync_all()
        });
        written.map_err(|e| {
            Error::invalid(
                "key_file",
                format!(
                    "The key file {} was not written: {}",
                    path.display(),
                    crate::output::io_reason(&e)
                ),
            )
        })
    }
}

/// The keys a process may open practices with, and where the key of a
/// practice it makes (or encrypts) is kept. Made once at start: from a key
/// file when one is named (`--key-file`, `STANDARD_PRACTICE_KEY_FILE`), else
/// from the operating system's credential store; plus any recovery key the
/// person typed.
#[derive(Clone, Debug)]
pub struct Keys {
    known: Vec<Key>,
    keeper: Keeper,
}

/// Where a new practice's key goes.
#[derive(Clone, Debug)]
enum Keeper {
    /// Into this key file, created when the first practice needs it.
    File(std::path::PathBuf),
    /// Into the credential store, beside the keys already there.
    Store,
    /// Nowhere: the one key known is the key of every new practice.
    Given,
}

/// The environment variable naming a key file, as `--key-file` does.
pub const KEY_FILE_ENV: &str = "STANDARD_PRACTICE_KEY_FILE";

impl Keys {
    /// Exactly this key: the practice opens with it, and a new one is made
    /// with it (a recovery key typed in, the tests).
    pub fn given(key: Key) -> Keys {
        Keys {
            known: vec![key],
            keeper: Keeper::Given,
        }
    }

    /// The key in the key file at `path`; when there is no file there yet, a
    /// new practice's key is written into a new one (readable by its owner
    /// only) before the practice is made.
    pub fn from_key_file(path: &Path) -> Result<Keys> {
        let known = match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            _ => vec![Key::read_file(path)?],
        };
        Ok(Keys {
            known,
            keeper: Keeper::File(path.to_path_buf()),
        })
    }

    /// The keys in the operating system's credential store; a new practice's
    /// key is kept there. An error when this computer has none (the window
    /// then asks for the recovery key).
    pub fn from_store() -> Result<Keys> {
        Ok(Keys {
            known: stored()?,
            keeper: Keeper::Store,
        })
    }

    /// The rule of the app and the command line: the key file named on the
    /// command line, else the one `STANDARD_PRACTICE_KEY_FILE` names, else
    /// the key file chosen in the window (on a computer without a credential
    /// store), else the credential store.
    pub fn for_this_computer(key_file: Option<&Path>) -> Result<Keys> {
        let from_env = std::env::var_os(KEY_FILE_ENV)
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from);
        match key_file.map(Path::to_path_buf).or(from_env) {
            Some(path) => Keys::from_key_file(&path),
            None => match crate::storage::remembered_key_file() {
                Some(path) => Keys::from_chosen_key_file(&path),
                None => Keys::from_store(),
            },
        }
    }

    /// The key in the key file chosen in the window, which must be there: a
    /// key file on a USB stick left at home is not a reason to make a new
    /// key, but one to ask for the stick or the recovery key.
    pub fn from_chosen_key_file(path: &Path) -> Result<Keys> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::invalid(
                "key_file",
                format!(
                    "The key file {} that keeps the practice's key is not there: put back the drive it is on and start Standard Practice again, or open the practice with its recovery key",
                    path.display()
                ),
            )),
            _ => Keys::from_key_file(path),
        }
    }

    /// No key at all: for reading what a file's plain header says.
    pub(crate) fn none() -> Keys {
        Keys {
            known: Vec::new(),
            keeper: Keeper::Given,
        }
    }

    /// Keeps `key` (a restored practice's, opened with its recovery key)
    /// where these keys keep a new practice's, so that it opens without the
    /// recovery key from now on. A key file that holds another key is left
    /// as it is: that is an error naming it.
    pub fn keep(&self, key: &Key) -> Result<()> {
        match &self.keeper {
            Keeper::Given => Ok(()),
            Keeper::Store => remember(key),
            Keeper::File(path) if !path.exists() => key.write_new_file(path),
            Keeper::File(path) if Key::read_file(path)? == *key => Ok(()),
            Keeper::File(path) => Err(Error::invalid(
                "key_file",
                format!(
                    "The key file {} holds another practice's key: name a key file that does not exist yet, and the restored practice's key is written there",
                    path.display()
                ),
            )),
        }
    }

    /// These keys and `key` (a recovery key typed in), tried first.
    pub fn with(mut self, key: Key) -> Keys {
        self.known.retain(|k| *k != key);
        self.known.insert(0, key);
        self
    }

    /// The key file these keys come from and keep new keys in, if any.
    pub fn file(&self) -> Option<&Path> {
        match &self.keeper {
            Keeper::File(path) => Some(path),
            _ => None,
        }
    }

    /// The keys to try, in order.
    pub(crate) fn known(&self) -> &[Key] {
        &self.known
    }

    /// Takes back a key [`for_new_practice`](Self::for_new_practice) just
    /// stored, when nothing was encrypted with it after all (the practice was
    /// open in another program, or its file could not be made): refused
    /// conversions must not leave one unused key in the store each time. A
    /// key file stays: the next attempt uses the key in it.
    pub(crate) fn take_back(&self, key: &Key) {
        if let Keeper::Store = self.keeper {
            // Best effort: an unused key left in the store opens nothing.
            let _ = forget(key);
        }
    }

    /// The key for a practice about to be made or encrypted, kept where
    /// these keys keep new ones *before* any file is written with it: a
    /// practice is never encrypted with a key that exists nowhere else.
    pub(crate) fn for_new_practice(&self) -> Result<Key> {
        match &self.keeper {
            Keeper::Given => self.known.first().cloned().ok_or_else(|| {
                Error::invalid("recovery_key", "No key was given for the new practice")
            }),
            Keeper::File(path) if path.exists() => Key::read_file(path),
            Keeper::File(path) => {
                let key = Key::generate()?;
                match key.write_new_file(path) {
                    Ok(()) => Ok(key),
                    // Another process made it meanwhile: use the key it holds.
                    Err(_) if path.is_file() => Key::read_file(path),
                    Err(e) => Err(e),
                }
            }
            Keeper::Store => {
                let key = Key::generate()?;
                remember(&key)?;
                Ok(key)
            }
        }
    }
}

/// The credential store's entry holding the keys of this computer's
/// practices: the app's identifier as the service, and this as the user.
const STORE_USER: &str = "practice keys";

/// The keys of the practices on this computer, from the operating system's
/// credential store (Secret Service on Linux, Credential Manager on Windows,
/// Keychain on macOS); none yet is an empty list. A computer without a store
/// (no Secret Service running) is an error that says so: the window then asks
/// for the recovery key instead.
pub fn stored() -> Result<Vec<Key>> {
    let entry = store_entry()?;
    let text = match entry.get_password() {
        Ok(text) => text,
        Err(keyring::Error::NoEntry) => return Ok(Vec::new()),
        Err(e) => return Err(no_store(&e)),
    };
    // A line that does not read (edited by hand) is skipped, not fatal: the
    // others still open their practices, and the recovery key opens its one.
    Ok(text
        .lines()
        .filter_map(|l| Key::from_recovery(l).ok())
        .collect())
}

/// Keeps `key` in the credential store beside the others (once).
pub fn remember(key: &Key) -> Result<()> {
    let mut keys = stored()?;
    if keys.contains(key) {
        return Ok(());
    }
    keys.push(key.clone());
    store(&keys)
}

/// Takes `key` out of the credential store: only a key that no file was
/// ever encrypted with (a conversion that was refused).
fn forget(key: &Key) -> Result<()> {
    let mut keys = stored()?;
    let before = keys.len();
    keys.retain(|k| k != key);
    if keys.len() == before {
        return Ok(());
    }
    store(&keys)
}

fn store(keys: &[Key]) -> Result<()> {
    let text: Vec<String> = keys.iter().map(Key::recovery_text).collect();
    store_entry()?
        .set_password(&text.join("\n"))
        .map_err(|e| no_store(&e))
}

fn store_entry() -> Result<keyring::Entry> {
    keyring::Entry::new(crate::storage::APP_IDENTIFIER, STORE_USER).map_err(|e| no_store(&e))
}

fn no_store(e: &keyring::Error) -> Error {
    Error::invalid(
        "key_store",
        format!("This computer's credential store cannot be used ({e}): open the practice with its recovery key, or name a key file (`--key-file`, or STANDARD_PRACTICE_KEY_FILE)"),
    )
}

fn mistyped() -> Error {
    Error::invalid(
        FIELD,
        "This recovery key does not check out: a letter or digit in it is wrong. Compare it with the printed page again",
    )
}

/// `bytes` as `count` five-bit values, most significant first, padded with
/// zero bits.
fn pack(bytes: &[u8], count: usize) -> Vec<u8> {
    (0..count)
        .map(|i| {
            let mut v = 0u8;
            for bit in i * 5..i * 5 + 5 {
                let byte = bytes.get(bit / 8).copied().unwrap_or(0);
                v = (v << 1) | ((byte >> (7 - bit % 8)) & 1);
            }
            v
        })
        .collect()
}

/// Five-bit values back into bytes, most significant first.
fn unpack(values: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0u8; (values.len() * 5).div_ceil(8)];
    for (i, &v) in values.iter().enumerate() {
        for j in 0..5 {
            let bit = i * 5 + j;
            if (v >> (4 - j)) & 1 == 1 {
                bytes[bit / 8] |= 1 << (7 - bit % 8);
            }
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recovery_key_gives_back_the_key_however_it_is_typed() {
        for _ in 0..200 {
            let key = Key::generate().unwrap();
            let text = key.recovery_text();
            assert_eq!(text.len(), 14 * 4 + 13, "{text}");
            assert_eq!(Key::from_recovery(&text).unwrap(), key);
            let sloppy = text
                .to_lowercase()
                .replace('-', " ")
                .replace('0', "o")
                .replace('1', "l");
            assert_eq!(Key::from_recovery(&sloppy).unwrap(), key, "{sloppy}");
        }
    }

    #[test]
    fn every_single_mistyped_character_is_caught() {
        // A fixed key, so that the test is the same every run.
        let key = Key(std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0x5A));
        let text: Vec<char> = key.recovery_text().chars().collect();
        let mut caught = 0;
        let mut tried = 0;
        for (i, &c) in text.iter().enumerate() {
            if c == '-' {
                continue;
            }
            for &a in ALPHABET.iter() {
                let a = char::from(a);
                if a == c {
                    continue;
                }
                let mut typo = text.clone();
                typo[i] = a;
                tried += 1;
                let typo: String = typo.into_iter().collect();
                if Key::from_recovery(&typo).is_err() {
                    caught += 1;
                }
            }
        }
        // A 20-bit check lets about one typo in a million through.
        assert_eq!(tried, 56 * 31);
        assert_eq!(caught, tried);
    }

    #[test]
    fn wrong_lengths_and_characters_name_what_is_wrong() {
        let text = Key::generate().unwrap().recovery_text();
        let short = Key::from_recovery(&text[..text.len() - 5]).unwrap_err();
        assert_eq!(short.field(), Some(FIELD));
        assert!(short.to_string().contains("this has 52"), "{short}");
        let odd = Key::from_recovery(&text.replacen(|c: char| c.is_ascii_alphanumeric(), "U", 1))
            .unwrap_err();
        assert!(odd.to_string().contains("“U”"), "{odd}");
        assert!(Key::from_recovery("").is_err());
    }

    #[test]
    fn the_key_is_never_printed_and_the_pragma_carries_key_and_salt() {
        let key = Key::generate().unwrap();
        assert_eq!(format!("{key:?}"), "Key(…)");
        let value = key.pragma_value();
        assert_eq!(value.len(), 2 + 96 + 1);
        assert!(value.starts_with("x'") && value.ends_with('\''));
        assert_eq!(
            key.salt(),
            key.clone().salt(),
            "the salt follows from the key"
        );
        assert_ne!(key.salt(), Key::generate().unwrap().salt());
    }

    /// `path` opened straight through SQLCipher with `key`, as the app's
    /// files are keyed (a plain header of 112 bytes).
    fn open_keyed_by_hand(path: &std::path::Path, key: &Key) -> rusqlite::Connection {
        crate::storage::start_engine().unwrap();
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = \"{}\"; PRAGMA cipher_plaintext_header_size = 112;",
            key.pragma_value()
        ))
        .unwrap();
        conn
    }

    /// The key as SQLCipher takes it: a file written with it opens with it
    /// alone, not with another key, and holds no text anyone typed.
    #[test]
    fn sqlcipher_opens_with_this_key_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.sqlite3");
        let key = Key::generate().unwrap();
        let open = |key: &Key| open_keyed_by_hand(&path, key);
        let conn = open(&key);
        conn.execute_batch(
            "PRAGMA application_id = 1397772867;
             CREATE TABLE staff (name TEXT); INSERT INTO staff VALUES ('Ольга Смирнова');",
        )
        .unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..16], b"SQLite format 3\0", "the header stays plain");
        assert_eq!(&bytes[68..72], b"SPRC");
        let name = "Смирнова".as_bytes();
        assert!(
            !bytes.windows(name.len()).any(|w| w == name),
            "a name in the bytes"
        );
        let again = Key::from_recovery(&key.recovery_text()).unwrap();
        let count: i64 = open(&again)
            .query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
        let other = open(&Key::generate().unwrap());
        other
            .execute_batch("PRAGMA cipher_log_level = NONE;")
            .unwrap();
        assert!(other
            .query_row("SELECT COUNT(*) FROM staff", [], |r| r.get::<_, i64>(0))
            .is_err());
    }

    /// A wrong key and a damaged first page look the same to SQLCipher; the
    /// HMAC of page 2, checked here from SQLCipher 4's page format, tells them
    /// apart. Pinned against a file SQLCipher wrote.
    #[test]
    fn a_later_page_tells_a_wrong_key_from_a_damaged_first_page() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.sqlite3");
        let key = Key::generate().unwrap();
        open_keyed_by_hand(&path, &key)
            .execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (hex(randomblob(3000)));")
            .unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        assert_eq!(page_size, 4096);
        assert!(bytes.len() >= 2 * page_size);
        let page2 = &bytes[page_size..2 * page_size];
        assert!(key.signed(page2, 2), "the right key");
        assert!(!key.signed(page2, 3), "the page number is signed too");
        assert!(!Key::generate().unwrap().signed(page2, 2), "another key");
        assert!(!key.signed(page2, 1) && !key.signed(&page2[..50], 2));
        // Page 1 damaged: SQLCipher refuses the file, page 2 still verifies.
        bytes[300..340].fill(0xAA);
        std::fs::write(&path, &bytes).unwrap();
        let conn = open_keyed_by_hand(&path, &key);
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")
            .unwrap();
        assert!(conn
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0))
            .is_err());
        assert!(key.signed(&bytes[page_size..2 * page_size], 2));
    }

    // Unix modes and links: the lib's tests build for Windows too.
    #[cfg(unix)]
    #[test]
    fn a_key_file_is_private_new_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.key");
        let key = Key::generate().unwrap();
        key.write_new_file(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(Key::read_file(&path).unwrap(), key);
        let again = key.write_new_file(&path).unwrap_err();
        assert!(again.to_string().contains("was not written"), "{again}");
        let link = dir.path().join("link.key");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.key"), &link).unwrap();
        assert!(key.write_new_file(&link).is_err(), "written through a link");
        assert!(!dir.path().join("elsewhere.key").exists());
        for bad in [dir.path().to_path_buf(), dir.path().join("missing.key")] {
            let err = Key::read_file(&bad).unwrap_err();
            assert_eq!(err.field(), Some("key_file"), "{err}");
        }
        std::fs::write(dir.path().join("notes.txt"), "Dear diary").unwrap();
        let err = Key::read_file(&dir.path().join("notes.txt")).unwrap_err();
        assert!(
            err.to_string().contains("does not hold a recovery key"),
            "{err}"
        );
    }
}
