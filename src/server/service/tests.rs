use super::*;

#[test]
fn secrets_stay_secret() {
    let s = Secret("hunter2".into());
    assert!(!format!("{s:?}").contains("hunter2"));
    assert!(s.matches("hunter2"));
    assert!(!s.matches("hunter3") && !s.matches("hunter") && !s.matches(""));
}
