pub fn clean(s: &str) -> String {
    s.to_string()
}
