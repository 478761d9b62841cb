//! The leak check: text that repeats the API key, the system prompt (its canary or one of its
//! distinctive sentences) or anything shaped like a credential is refused.

use crate::prompt::{DISTINCTIVE_PHRASES, canary};

/// Prefixes of common API keys and webhook secrets, each followed by a run of key characters.
const KEY_PREFIXES: &[&str] = &["sk-", "sk_live_", "sk_test_", "rk_live_", "pplx-", "whsec_"];

/// A key-shaped token is at least this many key characters after its prefix, one a digit; so
/// "risk-adjusted" or "sk-hynix" are words, not keys.
const MIN_KEY_TAIL: usize = 12;

/// A bearer credential is at least this many token characters after `Bearer `; so "Bearer
/// bonds" is finance, not a header.
const MIN_BEARER_TAIL: usize = 16;

/// `Ok` when `text` leaks nothing; otherwise the reason.
pub fn check(text: &str, api_key: Option<&str>) -> Result<(), &'static str> {
    if let Some(key) = api_key.map(str::trim).filter(|k| !k.is_empty())
        && contains_key(text, key)
    {
        return Err("content contains the API key");
    }
    let folded = fold(text);
    if folded.contains(&fold(canary()))
        || DISTINCTIVE_PHRASES
            .iter()
            .any(|p| folded.contains(&fold(p)))
    {
        return Err("content repeats the system prompt");
    }
    if has_secret_shape(text) {
        return Err("content contains a credential-shaped token");
    }
    Ok(())
}

/// Part of a key is as bad as all of it: any run of [`KEY_WINDOW`] characters of a longer key
/// counts.
const KEY_WINDOW: usize = 16;

fn contains_key(text: &str, key: &str) -> bool {
    if text.contains(key) {
        return true;
    }
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    if chars.len() <= KEY_WINDOW {
        return false;
    }
    (0..=chars.len() - KEY_WINDOW).any(|i| {
        let start = chars[i].0;
        let end = chars.get(i + KEY_WINDOW).map_or(key.len(), |c| c.0);
        text.contains(&key[start..end])
    })
}

/// Lower case, whitespace runs collapsed to one space.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn is_token68(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=')
}

/// Whether `text` holds a key-prefixed token at a word start, or a `Bearer` credential.
pub fn has_secret_shape(text: &str) -> bool {
    let tail_ok = |rest: &str, min: usize, ok: fn(char) -> bool, digit: bool| {
        let tail: Vec<char> = rest.chars().take_while(|c| ok(*c)).collect();
        tail.len() >= min && (!digit || tail.iter().any(char::is_ascii_digit))
    };
    for (i, _) in text.char_indices() {
        let at_word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &text[i..];
        if at_word_start
            && KEY_PREFIXES.iter().any(|p| {
                rest.strip_prefix(p)
                    .is_some_and(|t| tail_ok(t, MIN_KEY_TAIL, is_key_char, true))
            })
        {
            return true;
        }
        if let Some(t) = rest.strip_prefix("Bearer ")
            && tail_ok(t, MIN_BEARER_TAIL, is_token68, false)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finance_words_are_not_keys() {
        for ok in [
            "Risk-adjusted returns improved.",
            "SK-Hynix and sk-hynix rose.",
            "Bearer bonds are rare.",
            "a bearer market",
            "The whsec_ prefix alone",
        ] {
            assert_eq!(check(ok, None), Ok(()), "{ok}");
        }
    }

    #[test]
    fn keys_and_prompt_are_caught() {
        for bad in [
            "key: sk-proj-abcdef1234567890",
            "pplx-0123456789abcdefABCDEF",
            "(sk_live_51Habcdefghijk)",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc",
        ] {
            assert_eq!(
                check(bad, None),
                Err("content contains a credential-shaped token"),
                "{bad}"
            );
        }
        assert_eq!(
            check("my secret-key-123", Some("secret-key-123")),
            Err("content contains the API key")
        );
        assert_eq!(
            check(&format!("x {} y", canary()), None),
            Err("content repeats the system prompt")
        );
        assert_eq!(
            check("hbr-canary-0000", None),
            Err("content repeats the system prompt")
        );
        assert_eq!(
            check("They said: You   write research notes\nfor Harbinger", None),
            Err("content repeats the system prompt")
        );
    }
}
