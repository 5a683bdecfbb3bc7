"""jupyter_kernel_test conformance (kernel spec §9.1): every attribute of the table is set."""
import jupyter_kernel_test


class VelostreamKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "velostream"
    language_name = "velostream"
    file_extension = ".sql"

    code_hello_world = "%echo hello, world"
    code_stderr = "%echo --stderr oops"

    completion_samples = [
        {"text": "SEL", "matches": {"SELECT"}},
        {"text": "%%te", "matches": {"%%test"}},
    ]
    complete_code_samples = ["SELECT 1;", "%jobs", "%%test\nSELECT 1;"]
    incomplete_code_samples = ["SELECT (1", "SELECT 'abc", "SELECT 1"]
    invalid_code_samples = ["SELECT 1;)", "SELECT x[0];"]

    code_page_something = "%help"
    code_generate_error = "SELEC 1;"

    code_execute_result = [{"code": "SELECT 1 + 2 AS x;", "result": "1 row\nx\n-\n3"}]
    code_display_data = [
        {"code": "%generate demo --records 3\nSELECT * FROM demo;", "mime": "application/vnd.velostream.result+json"}
    ]
    code_history_pattern = "SELECT 1 +*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "COUNT"
    code_clear_output = "%clear"
