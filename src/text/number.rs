pub fn format_number(v: rust_decimal::Decimal, decimals: u32) -> String {
    v.round_dp(decimals).to_string()
}
