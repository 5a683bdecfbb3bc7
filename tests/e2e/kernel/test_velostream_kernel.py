"""jupyter_kernel_test conformance for the features the current executor supports (spec §9.1).

SQL samples (completion, execute_result of SELECT, display_data, inspect, clear_output) are added
when the SQL executor replaces the built-in one.
"""
import jupyter_kernel_test


class VelostreamKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "velostream"
    language_name = "velostream"
    file_extension = ".sql"

    code_hello_world = "%echo hello, world"
    code_stderr = "%echo --stderr oops"

    complete_code_samples = ["SELECT 1;", "%jobs", "%%test\nSELECT 1;"]
    incomplete_code_samples = ["SELECT (1", "SELECT 'abc", "SELECT 1"]
    invalid_code_samples = ["SELECT 1;)", "SELECT x[0];"]

    code_page_something = "%help"
    code_generate_error = "SELEC 1;"

    code_execute_result = [
        {
            "code": "%lsmagic",
            "result": "%echo [--stderr] TEXT: print TEXT on stdout (stderr)\n%help: help on the kernel\n%lsmagic: list the magics",
        }
    ]
    code_history_pattern = "%lsmag*"
    supported_history_operations = ("tail", "range", "search")
