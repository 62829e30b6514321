//! The `thidua` binary: parse the command line, hand over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use thidua::cli::{self, Command, ExportFormat, InitShared, Options, ReportFormat, UsersCommand};
use thidua::model::Period;
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
    /// Xuất số liệu (CSV, JSON hoặc Markdown) ra màn hình
    Export {
        /// Kỳ: 2021, 2021-H1, 2021-Q3, 2021-09; bỏ trống = mọi kỳ
        #[arg(long)]
        period: Option<Period>,
        /// csv: bảng tính; json; md: Markdown
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
    },
    /// Nhập số liệu từ tệp CSV (province_code,indicator_code,period,kind,value)
    /// hoặc trọng số chỉ tiêu (indicator_code,weight)
    Import { file: PathBuf },
    /// In báo cáo của một kỳ: tổng hợp, xếp hạng, điểm thi đua, phụ lục khen thưởng
    Report {
        #[arg(long)]
        period: Period,
        /// md: Markdown; txt: văn bản canh cột; csv: bảng tính
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormatArg,
        /// Ghi ra tệp thay vì màn hình
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Giữ cơ sở dữ liệu và phục vụ nhiều người cùng lúc qua socket
    Serve {
        /// Tự dừng sau khoảng thời gian không ai kết nối (ví dụ 10m, 30s);
        /// bỏ trống = chạy đến khi bị dừng
        #[arg(long, value_parser = parse_duration)]
        idle_exit: Option<std::time::Duration>,
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

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Md,
    Txt,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
    Md,
}

fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    thidua::server::duration::parse(text)
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
        Some(Sub::Export { period, format }) => Command::Export {
            period,
            format: match format {
                Format::Csv => ExportFormat::Csv,
                Format::Json => ExportFormat::Json,
                Format::Md => ExportFormat::Markdown,
            },
        },
        Some(Sub::Import { file }) => Command::Import { file },
        Some(Sub::Backup { out }) => Command::Backup { out },
        Some(Sub::Restore { file }) => Command::Restore { file },
        Some(Sub::Check) => Command::Check,
        Some(Sub::Serve { idle_exit }) => Command::Serve { idle_exit },
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
        }) => Command::Report {
            period,
            format: match format {
                ReportFormatArg::Md => ReportFormat::Markdown,
                ReportFormatArg::Txt => ReportFormat::Text,
                ReportFormatArg::Csv => ReportFormat::Csv,
            },
            out,
        },
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
