from playwright.sync_api import expect

from tests.processes import processes_end_within


def test_pick_hmda_generate_with_the_copula_and_see_the_score_and_a_plot(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Synthetic data").click()
    expect(page.get_by_text("2,380 mortgage applications in Boston, 1990")).to_be_visible()
    expect(page.get_by_role("tab", name="Synthetic rows")).to_be_hidden()  # the report's tabs come with a report
    expect(page.get_by_text("Real vs synthetic")).to_be_hidden()  # no empty chart, no empty table before it
    page.get_by_role("button", name="Generate synthetic data").click()
    expect(page.get_by_role("heading", name="Quality")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Privacy:").first).to_be_visible()
    # the privacy figures are the "Privacy:" line's evidence, one click away, not more claims beside it
    copies = page.get_by_text("Exact copies of real rows: 0 of")
    expect(copies).to_be_hidden()
    page.get_by_text("Privacy: the checks behind it").click()
    expect(copies).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.get_by_role("tab", name="Synthetic rows").click()
    # headed in plain words, the code kept in brackets (the API returns the table's own names)
    expect(page.get_by_role("columnheader", name="denied", exact=True).first).to_be_visible()


def test_ctgan_training_shows_each_epoch_and_can_be_stopped(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Synthetic data").click()
    page.get_by_role("radio", name="CTGAN").click()
    page.get_by_role("button", name="Generate synthetic data").click()
    expect(page.get_by_text("CTGAN: epoch").first).to_be_visible(timeout=60_000)
    from core.jobs import running_jobs

    training_pids = [job.worker_pid for job in running_jobs() if job.name == "synthetic data" and job.worker_pid]
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_text("CTGAN: epoch")).to_have_count(0, timeout=20_000)
    # the training itself must stop, not only the page: its worker process ends and frees the CPU
    assert training_pids, "the CTGAN training did not run as a job"
    assert processes_end_within(training_pids, seconds=5), "the CTGAN training kept running after Stop"
    page.get_by_role("radio", name="Gaussian copula").click()
    page.get_by_role("button", name="Generate synthetic data").click()
    # seconds on a quiet machine (bench/privacy_distances.py); CI's other test process shares the cores
    expect(page.get_by_role("heading", name="Quality")).to_be_visible(timeout=150_000)


def test_an_upload_with_personal_data_says_what_was_found_before_generating(suite_page, tmp_path):
    from tests.privacy_tables import clinic_visits

    path = tmp_path / "export.csv"
    clinic_visits(patients=40, visits=200, disguised=True).to_csv(path, index=False)
    page = suite_page
    page.get_by_role("tab", name="Synthetic data").click()
    page.get_by_label("Real table").click()
    page.get_by_role("option", name="Upload your own file").click()
    page.locator("#component-0 input[type=file], input[type=file]").first.set_input_files(str(path))
    panel = page.get_by_text("Personal data, before you generate")
    expect(panel).to_be_visible(timeout=30_000)
    expect(page.get_by_text("c1: name (100% of its values look like people's names)", exact=False)).to_be_visible()
    expect(page.get_by_text("c2 is never learned: it gets fake e-mail addresses")).to_be_visible()
    page.get_by_role("radio", name="leave out").click()
    expect(page.get_by_text("Left out: c2 (identifier)")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Generate synthetic data").click()
    expect(page.get_by_role("heading", name="Quality")).to_be_visible(timeout=90_000)
    page.get_by_text("Privacy: the checks behind it").click()
    expect(page.get_by_text("Identifier values replayed: 0").first).to_be_visible()


def test_a_too_small_upload_is_said_once_beside_it_and_the_old_report_goes(suite_page, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("a,b\n1,2\n3,4\n5,6\n")
    page = suite_page
    page.get_by_role("tab", name="Synthetic data").click()
    page.get_by_role("button", name="Generate synthetic data").click()
    expect(page.get_by_role("heading", name="Quality")).to_be_visible(timeout=120_000)
    page.get_by_label("Real table").click()
    page.get_by_role("option", name="Upload your own file").click()
    expect(page.get_by_role("heading", name="Quality")).to_have_count(0)  # the Boston report is not this table's
    expect(page.get_by_text("The report appears here")).to_be_visible()
    page.locator("input[type=file]").first.set_input_files(str(path))
    expect(page.get_by_text("The table has 3 rows; a generator needs at least 50 to learn from.")).to_have_count(1)
    expect(page.locator("span.error", has_text="Error")).to_have_count(0)
    expect(page.locator(".toast-body")).to_have_count(0)


def test_a_file_that_is_not_a_table_is_answered_by_one_sentence_under_the_upload(suite_page, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 not a table")
    page = suite_page
    page.get_by_role("tab", name="Synthetic data").click()
    page.get_by_label("Real table").click()
    page.get_by_role("option", name="Upload your own file").click()
    page.locator("input[type=file]").first.set_input_files(str(path))
    expect(page.get_by_role("alert").filter(
        has_text="“report.pdf” is not a file this box takes: choose a .csv, .parquet or .tsv file.")).to_be_visible()
    expect(page.get_by_text("Invalid file type")).to_have_count(0)  # Gradio's own pop-up
