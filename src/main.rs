fn main() -> std::process::ExitCode {
  switchyard::main()
}
