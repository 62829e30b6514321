//! The `thidua` binary: parse the command line, hand over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use thidua::cli::vote::VoteArgs;
use thidua::cli::{
    self, Command, CovenantCommand, ExportFormat, InitShared, Options, ParticularsChoice,
    ReportFormat, ReportOptions, SheetChoice, UsersCommand,
};
use thidua::model::particulars::parse_date;
use thidua::model::{Kind, Period};
use thidua::terminal::AmbiguousChoice;

mod args_vi;

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Theo dõi giao ước thi đua của cụm thi đua"
)]
struct Args {
    /// Thư mục cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng)
    #[arg(long, global = true, env = "THIDUA_DB")]
    db: Option<PathBuf>,
    /// Socket của máy chủ (mặc định: thidua.sock trong thư mục cơ sở dữ liệu)
    #[arg(long, global = true, env = "THIDUA_SOCKET")]
    socket: Option<PathBuf>,
    /// Chữ "rộng mơ hồ" (à á è é ê ì í ò ó ù ú đ, khung bảng): auto = dò
    /// terminal lúc mở; wide cho PuTTY bật "CJK ambiguous characters as wide"
    #[arg(long, value_enum, env = "THIDUA_AMBIGUOUS", default_value = "auto")]
    ambiguous: Ambiguous,
    /// Chỉ dùng ký tự ASCII (không dấu) cho terminal không hiện được tiếng Việt
    #[arg(long)]
    ascii: bool,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Ambiguous {
    Auto,
    Narrow,
    Wide,
}

#[derive(Subcommand)]
enum Sub {
    /// Xuất số liệu (CSV, JSON, Markdown hoặc bảng tính Excel) ra màn hình hoặc tệp
    Export {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09; bỏ trống = mọi kỳ
        #[arg(long)]
        period: Option<Period>,
        /// csv: CSV UTF-8 có BOM, số dạng máy (1234.5); json; md: Markdown;
        /// xlsx: bảng tính Excel (dạng dài và dạng rộng, nhập lại được)
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Ghi ra tệp thay vì màn hình (xlsx: bắt buộc, trừ khi chuyển hướng bằng >)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Nhập số liệu từ tệp CSV (province_code,indicator_code,period,kind,value),
    /// từ bảng tính (xlsx, xls, ods) hoặc trọng số chỉ tiêu (indicator_code,weight)
    Import {
        file: PathBuf,
        /// Trang của bảng tính cần đọc (mặc định: trang đầu)
        #[arg(long)]
        sheet: Option<String>,
        /// Kỳ của bảng dạng rộng (tỉnh theo dòng, chỉ tiêu theo cột), ví dụ 2021-H1
        #[arg(long)]
        period: Option<Period>,
        /// Loại số của bảng dạng rộng: actual (thực hiện, mặc định) hoặc plan (kế hoạch)
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
    },
    /// In báo cáo của một kỳ: tổng hợp, xếp hạng, điểm thi đua, phụ lục khen thưởng
    Report {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09
        #[arg(long)]
        period: Period,
        /// md: Markdown; txt: văn bản canh cột vừa trang A4; csv: CSV UTF-8 có BOM;
        /// docx: văn bản Word theo Nghị định 30/2020/NĐ-CP; xlsx: bảng tính Excel
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormatArg,
        /// Ghi ra tệp thay vì màn hình (docx, xlsx: bắt buộc, trừ khi chuyển hướng bằng >)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Kèm bảng điểm chi tiết của từng tỉnh
        #[arg(long)]
        score_sheets: bool,
        /// Kèm bảng chấm điểm thi đua của một đơn vị (mã đơn vị, ví dụ BL)
        #[arg(long, value_name = "ĐƠN_VỊ")]
        sheet: Option<String>,
        /// (docx) Phần nội dung do cán bộ viết, tệp Markdown UTF-8: tiêu đề,
        /// đoạn văn, chữ đậm/nghiêng, gạch đầu dòng; đặt trước các bảng
        #[arg(long, value_name = "TỆP.md")]
        narrative: Option<PathBuf>,
        /// (docx) Số và ký hiệu văn bản, ví dụ "209/BC-UBND" (mặc định: của báo cáo 2021)
        #[arg(long)]
        number: Option<String>,
        /// (docx) Ngày ban hành: 29/7/2021 hoặc 2021-07-29
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// (docx) Địa danh ghi trước ngày, ví dụ "Sóc Trăng"
        #[arg(long)]
        place: Option<String>,
        /// (docx) Cơ quan ban hành, ví dụ "CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ"
        #[arg(long)]
        issuer: Option<String>,
        /// (docx) Cơ quan chủ quản ghi trên cơ quan ban hành, ví dụ "UBND TỈNH SÓC TRĂNG"; "" = không có
        #[arg(long)]
        superior: Option<String>,
        /// (docx) Trích yếu (mặc định: Kết quả thực hiện giao ước thi đua … của kỳ)
        #[arg(long)]
        subject: Option<String>,
        /// (docx) Họ tên người ký
        #[arg(long)]
        signer: Option<String>,
        /// (docx) Chức vụ người ký, mỗi lần một dòng (lặp lại được)
        #[arg(long, value_name = "DÒNG")]
        signer_title: Vec<String>,
        /// (docx) Nơi nhận, mỗi lần một nơi (lặp lại được); dòng "Lưu: VT, …" đặt cuối
        #[arg(long, value_name = "NƠI_NHẬN")]
        recipients: Vec<String>,
    },
    /// Ghi kết quả bỏ phiếu một đề nghị khen thưởng tại cuộc họp bình xét
    /// của cụm (chỉ quản trị viên); phiếu đầu tiên của kỳ ghi cả thành viên dự họp
    Vote {
        /// Kỳ bình xét: 2021, 2021-H1, …
        #[arg(long)]
        period: Period,
        /// Hình thức khen thưởng, ví dụ "Cờ thi đua của Chính phủ"
        #[arg(long)]
        award: String,
        /// Mã đơn vị được đề nghị, ví dụ BL
        #[arg(long, value_name = "ĐƠN_VỊ")]
        unit: String,
        /// Số phiếu đồng ý
        #[arg(long = "for", value_name = "SỐ")]
        votes_for: u32,
        /// Số phiếu không đồng ý
        #[arg(long = "against", value_name = "SỐ")]
        votes_against: u32,
        /// Số thành viên bỏ phiếu
        #[arg(long, value_name = "SỐ")]
        voters: u32,
        /// Mã các đơn vị dự họp, cách nhau bởi dấu phẩy (bắt buộc ở phiếu đầu tiên)
        #[arg(long, value_name = "MÃ,MÃ,…")]
        present: Option<String>,
        /// Ngày họp: 15/12/2021 hoặc 2021-12-15
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Nơi họp, ví dụ "TP Sóc Trăng"
        #[arg(long)]
        place: Option<String>,
        /// Quy tắc: >1/2 (quá một nửa, mặc định) hoặc >=2/3 (từ hai phần ba trở lên)
        #[arg(long)]
        rule: Option<String>,
        /// Tỷ lệ của quy tắc tính trên số thành viên dự họp (mặc định: trên tổng số thành viên)
        #[arg(long)]
        of_present: bool,
    },
    /// Giữ cơ sở dữ liệu và phục vụ nhiều người cùng lúc qua socket
    Serve {
        /// Tự dừng sau khoảng thời gian không ai kết nối (ví dụ 10m, 30s);
        /// bỏ trống = chạy đến khi bị dừng
        #[arg(long, value_parser = parse_duration)]
        idle_exit: Option<std::time::Duration>,
        /// Thư mục chưa có cơ sở dữ liệu: tạo cơ sở dữ liệu trống (không nạp
        /// dữ liệu mẫu), để nhập giao ước của cụm bằng `covenant import`
        #[arg(long)]
        empty: bool,
    },
    /// Giao ước của cụm (đơn vị, thành viên, chỉ tiêu): xuất ra tệp CSV,
    /// nhập từ tệp, tạo năm mới từ một năm đã có
    Covenant {
        #[command(subcommand)]
        action: CovenantAction,
    },
    /// Tạo cơ sở dữ liệu dùng chung cho một nhóm (chạy với quyền root)
    InitShared {
        /// Thư mục cơ sở dữ liệu mới
        dir: PathBuf,
        /// Tài khoản hệ thống chạy máy chủ và giữ các tệp
        #[arg(long)]
        service_user: String,
        /// Nhóm các cán bộ được dùng cơ sở dữ liệu
        #[arg(long)]
        group: String,
        /// Người dùng làm quản trị viên đầu tiên
        #[arg(long)]
        admin: String,
        /// Thư mục ghi tệp dịch vụ systemd
        #[arg(long, default_value = cli::DEFAULT_UNIT_DIR)]
        unit_dir: PathBuf,
    },
    /// Phần nạp dữ liệu của init-shared, chạy bằng tài khoản dịch vụ
    #[command(hide = true)]
    SeedShared {
        #[arg(long)]
        admin: String,
    },
    /// Liệt kê, cấp hoặc thu hồi quyền của người dùng (chỉ quản trị viên đổi được)
    Users {
        #[command(subcommand)]
        action: Option<UsersAction>,
    },
    /// Sao lưu toàn bộ cơ sở dữ liệu vào một tệp (mặc định: thư mục backups của nó)
    Backup {
        /// Ghi vào tệp này (- là màn hình)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Khôi phục một bản sao lưu vào thư mục mới (--db THƯ_MỤC_MỚI)
    Restore {
        /// Tệp sao lưu (.bak)
        file: PathBuf,
    },
    /// Đọc mọi bản ghi, kiểm tra nhật ký của từng giá trị; báo lỗi nếu có
    Check,
    /// Nộp số liệu một kỳ của tỉnh (đã nộp); quản trị viên nộp thay hoặc mở lại
    Submit {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09
        #[arg(long)]
        period: Period,
        /// Mã tỉnh (mặc định: tỉnh của bạn; quản trị viên phải ghi)
        #[arg(long)]
        unit: Option<String>,
        /// Mở lại số liệu đã nộp (quản trị viên; cần --reason)
        #[arg(long, requires = "reason")]
        reopen: bool,
        /// Lý do mở lại (ghi vào nhật ký)
        #[arg(long, requires = "reopen")]
        reason: Option<String>,
    },
    /// Chốt số liệu một kỳ (quản trị viên): sau đó mọi thay đổi số liệu của kỳ bị từ chối
    Lock {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09
        #[arg(long)]
        period: Period,
        /// Lý do hoặc ghi chú (ghi vào nhật ký; không bắt buộc)
        #[arg(long)]
        reason: Option<String>,
    },
    /// Mở khoá một kỳ đã chốt (quản trị viên; phải ghi lý do)
    Unlock {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09
        #[arg(long)]
        period: Period,
        /// Lý do mở khoá (bắt buộc, ghi vào nhật ký)
        #[arg(long)]
        reason: String,
    },
    /// Tình trạng một kỳ: đã chốt chưa; từng tỉnh chưa nhập, đang nhập hay đã nộp
    Status {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09
        #[arg(long)]
        period: Period,
    },
}

#[derive(Subcommand)]
enum CovenantAction {
    /// Xuất giao ước ra units.csv, members.csv, indicators.csv, years.csv
    /// (CSV UTF-8 có BOM, Excel mở được); không ghi đè tệp đã có nếu thiếu --force
    Export {
        /// Chỉ giao ước của năm này (mặc định: mọi năm)
        #[arg(long, value_parser = parse_year)]
        year: Option<u16>,
        /// Thư mục ghi các tệp (mặc định: thư mục hiện tại)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Ghi đè các tệp đã có
        #[arg(long)]
        force: bool,
    },
    /// Nhập giao ước từ một thư mục có bốn tệp CSV: tất cả hoặc không gì, báo
    /// mọi lỗi theo tệp, dòng, cột; thư mục cơ sở dữ liệu chưa có thì tạo mới,
    /// trống (không có dữ liệu mẫu)
    Import {
        /// Thư mục chứa units.csv, members.csv, indicators.csv, years.csv
        dir: PathBuf,
        /// Chỉ kiểm tra và in những gì sẽ thay đổi; không thay đổi gì
        #[arg(long)]
        check: bool,
    },
    /// Tạo giao ước của một năm bằng cách sao chép năm khác (ví dụ: new 2027 --from 2026)
    New {
        /// Năm của giao ước mới
        #[arg(value_parser = parse_year)]
        year: u16,
        /// Năm sao chép
        #[arg(long, value_parser = parse_year)]
        from: u16,
    },
}

#[derive(Subcommand)]
enum UsersAction {
    /// Cấp quyền: admin, viewer hoặc "province MÃ_TỈNH" (ví dụ: province AG)
    Grant {
        /// Tên đăng nhập của người dùng trên máy chủ
        user: String,
        /// admin | viewer | province MÃ_TỈNH
        #[arg(required = true, num_args = 1..)]
        role: Vec<String>,
    },
    /// Thu hồi quyền (người dùng trở lại chỉ xem)
    Revoke {
        /// Tên đăng nhập của người dùng trên máy chủ
        user: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormatArg {
    Md,
    Txt,
    Csv,
    Docx,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
    Md,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Actual,
    Plan,
}

/// The particulars and the narrative belong to the Word document only.
fn word_only() -> ExitCode {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "thidua: --narrative, --number, --date, --place, --issuer, --superior, --subject, \
         --signer, --signer-title, --recipients chỉ dùng với --format docx\nXem: thidua report --help"
    );
    ExitCode::from(2)
}

fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    thidua::server::duration::parse(text)
}

/// A covenant year: four digits, 1–9999.
fn parse_year(text: &str) -> Result<u16, String> {
    let t = text.trim();
    match t.parse::<u16>() {
        Ok(y) if t.len() == 4 && y > 0 => Ok(y),
        _ => Err(format!(
            "«{}» không phải năm: viết 4 chữ số, ví dụ 2026",
            thidua::text::normalize::clean(t)
        )),
    }
}

fn main() -> ExitCode {
    let parsed = args_vi::localized(Args::command())
        .try_get_matches()
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => return args_vi::report(&e),
    };
    let command = match args.command {
        None => Command::Open,
        Some(Sub::Export {
            period,
            format,
            out,
        }) => Command::Export {
            period,
            format: match format {
                Format::Csv => ExportFormat::Csv,
                Format::Json => ExportFormat::Json,
                Format::Md => ExportFormat::Markdown,
                Format::Xlsx => ExportFormat::Xlsx,
            },
            out,
        },
        Some(Sub::Import {
            file,
            sheet,
            period,
            kind,
        }) => Command::Import {
            file,
            sheet: SheetChoice {
                sheet,
                period,
                kind: kind.map(|k| match k {
                    KindArg::Actual => Kind::Actual,
                    KindArg::Plan => Kind::Plan,
                }),
            },
        },
        Some(Sub::Backup { out }) => Command::Backup { out },
        Some(Sub::Restore { file }) => Command::Restore { file },
        Some(Sub::Check) => Command::Check,
        Some(Sub::Submit {
            period,
            unit,
            reopen,
            reason,
        }) => Command::Submit {
            period,
            unit,
            reopen: reason.filter(|_| reopen),
        },
        Some(Sub::Lock { period, reason }) => Command::Lock { period, reason },
        Some(Sub::Unlock { period, reason }) => Command::Unlock { period, reason },
        Some(Sub::Status { period }) => Command::Status { period },
        Some(Sub::Vote {
            period,
            award,
            unit,
            votes_for,
            votes_against,
            voters,
            present,
            date,
            place,
            rule,
            of_present,
        }) => Command::Vote(Box::new(VoteArgs {
            period,
            award,
            unit,
            votes_for,
            votes_against,
            voters,
            present,
            date,
            place,
            rule,
            of_present,
        })),
        Some(Sub::Serve { idle_exit, empty }) => Command::Serve { idle_exit, empty },
        Some(Sub::Covenant { action }) => Command::Covenant(match action {
            CovenantAction::Export { year, out, force } => {
                CovenantCommand::Export { year, out, force }
            }
            CovenantAction::Import { dir, check } => CovenantCommand::Import { dir, check },
            CovenantAction::New { year, from } => CovenantCommand::New { year, from },
        }),
        Some(Sub::InitShared {
            dir,
            service_user,
            group,
            admin,
            unit_dir,
        }) => Command::InitShared(InitShared {
            dir,
            service_user,
            group,
            admin,
            unit_dir,
        }),
        Some(Sub::SeedShared { admin }) => Command::SeedShared { admin },
        Some(Sub::Users { action }) => Command::Users(match action {
            None => UsersCommand::List,
            Some(UsersAction::Grant { user, role }) => UsersCommand::Grant {
                user,
                role: role.join(" "),
            },
            Some(UsersAction::Revoke { user }) => UsersCommand::Revoke { user },
        }),
        Some(Sub::Report {
            period,
            format,
            out,
            score_sheets,
            sheet,
            narrative,
            number,
            date,
            place,
            issuer,
            superior,
            subject,
            signer,
            signer_title,
            recipients,
        }) => {
            let particulars = ParticularsChoice {
                superior,
                issuer,
                number,
                place,
                date,
                subject,
                signer,
                signer_title,
                recipients,
            };
            if format != ReportFormatArg::Docx && (narrative.is_some() || !particulars.is_empty()) {
                return word_only();
            }
            Command::Report {
                period,
                format: match format {
                    ReportFormatArg::Md => ReportFormat::Markdown,
                    ReportFormatArg::Txt => ReportFormat::Text,
                    ReportFormatArg::Csv => ReportFormat::Csv,
                    ReportFormatArg::Docx => ReportFormat::Docx,
                    ReportFormatArg::Xlsx => ReportFormat::Xlsx,
                },
                options: Box::new(ReportOptions {
                    out,
                    score_sheets,
                    sheet,
                    narrative,
                    particulars,
                }),
            }
        }
    };
    let options = Options {
        db: args.db,
        socket: args.socket,
        command,
    };
    cli::run_with(
        options,
        cli::TerminalChoice {
            ambiguous: match args.ambiguous {
                Ambiguous::Auto => AmbiguousChoice::Auto,
                Ambiguous::Narrow => AmbiguousChoice::Narrow,
                Ambiguous::Wide => AmbiguousChoice::Wide,
            },
            ascii: args.ascii,
        },
    )
}
