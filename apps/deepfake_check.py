"""Deepfake check tab: is this picture, video or text machine-made? Every signal, explained, side by side."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from apps import handoff
from apps.error_display import as_plain_error, error_line, show_failures

from apps.fair_queue import JOB_EVENTS, MODEL_EVENTS
from apps.ui import follow_job, job_outcome, picture_gallery, picture_upload, reveal_when_done, session_key, tab_id
from core.chart_colours import LINE
from core.forensics.text_report import HUMAN_PASSAGE  # light: its heavy imports are inside functions
from core.settings import PROJECT_ROOT
from core.text.watermark import GREENLIST_RATIO

TITLE = "Deepfake check"
SUMMARY = "Is this picture, video or text machine-made? Signatures, watermarks, metadata and traces, each explained."
SETTINGS_KEY = "deepfake_check"
LIMITS = ("it can prove that a picture was made here, or signed by a trusted maker; it can never prove that a "
          "picture is real. The learned detector is one weak hint, trained on few pictures.")


PICTURE_READY = "Upload a picture and press **Check this picture**."
VIDEO_READY = "Upload a video and press **Check this video**."
TEXT_READY = "Paste a text and press **Check this text**."

def MODEL_DESCRIPTION() -> str:  # noqa: N802 (read by the About tab like the other tabs' constant)
    from core.forensics.detector import detector_available
    from core.settings import get_settings

    if get_settings().model_for(SETTINGS_KEY).backend != "embedded":
        return "an image classifier from the Hugging Face Hub, one weak signal among the checks"
    if not detector_available():
        return "no learned detector installed here; the other checks still run"
    return "a small picture detector this project trained on packaged photographs and machine-made pictures"

INTRODUCTION = """
## Deepfake check
Is this picture, video or text machine-made? No single test can tell, so this page shows **every signal** it
finds and what each one means. When nothing is found, the answer is *inconclusive*.
"""
SIGNALS_EXPLAINED = """
**Strong** signals can show that a picture was made by a generator: Content Credentials signed by a trusted
signer, or this site's own invisible mark when three things agree (the mark opens with this site's secret key, it
points to a record in this site's audit log, and the picture matches the record's fingerprint; a mark copied onto
another picture fails the last test). Content Credentials signed with a certificate anyone can make (such as the
development certificate Genlab makes when no real one is configured) are only a claim, like metadata.

**Weak** signals (error levels, the frequency spectrum, a learned detector that knows only what it was trained
on) are hints for a person to look at. *Inconclusive* is the honest answer when nothing is found: many generators
add no marks, and marks can be removed.
"""

STRENGTH_BADGE = {"strong": "**strong** signal", "moderate": "*moderate* signal", "weak": "weak signal, a hint"}
PLAIN_PROBLEMS = {"signing certificate untrusted": "the signing certificate comes from no authority this site "
                                                   "trusts, so anyone could have made one like it"}
ELA_LABEL = "Error levels (orange: changed most, dark blue: least)"  # core.forensics.ela's colours
SIGNAL_GROUPS = ((True, "Point to machine-made"), (False, "Point to a camera"),
                 (None, "Found nothing either way"))


TEXT_CHECK_INTRODUCTION = ("Text written on the **Writing** tab carries a hidden statistical watermark: a secret key "
                           "splits the vocabulary after every word piece (token), and the writer leans towards the "
                           f"*green* part. Ordinary text has about {GREENLIST_RATIO:.0%} of its word pieces green; "
                           "watermarked text many more. It survives copying, not rewriting.")


def _signals_markdown(report) -> str:
    """The verdict, then the signals grouped by which way they point, one line each (a list, not a four-column
    table: it reads whole on a phone)."""
    lines = [f"## {report.verdict}", ""]
    lines += [f"{line}" for line in report.summary_lines]
    lines += ["", "### Every signal"]
    groups = {direction: [] for direction, _ in SIGNAL_GROUPS}
    for signal in report.signals:
        groups[signal.points_to_ai].append(signal)
    for direction, heading in SIGNAL_GROUPS:
        group = groups[direction]
        if not group:
            continue
        lines += ["", f"**{heading}**", ""]
        for signal in group:
            finding = signal.finding.rstrip()
            lines.append(f"- **{signal.name}** ({STRENGTH_BADGE[signal.strength]}): {finding}"
                         f"{'' if finding.endswith(('.', '!', '?')) else '.'}")
    lines.append(f"\nChecked in {report.seconds:.2f} s.")
    return "\n".join(lines)


SOURCE_WORDS = {"trainedAlgorithmicMedia": "made by a trained model",
                "compositeWithTrainedAlgorithmicMedia": "partly made by a trained model",
                "algorithmicMedia": "made by an algorithm", "digitalCapture": "taken with a camera",
                "compositeCapture": "put together from camera pictures", "screenCapture": "a screenshot"}


def source_words(digital_source_type: str) -> str:
    """IPTC's digital source type (a URL ending in a code) in words."""
    code = digital_source_type.rsplit("/", 1)[-1]
    return SOURCE_WORDS.get(code, code)


def action_words(action: str) -> str:
    """A C2PA action ("c2pa.created") in words ("created")."""
    return action.removeprefix("c2pa.").replace("_", " ")


SETTING_WORDS = {  # a Genlab picture's settings, in the order and the words a visitor reads them
    "prompt": "prompt “{}”", "negative_prompt": "avoiding “{}”", "seed": "seed {}", "steps": "{} steps",
    "guidance": "guidance {}", "scheduler": "sampler {} (its recipe for each step)", "strength": "strength {}",
    "size": "{} pixels",
    "model": "model: {}", "tab": "made on the {} tab",
}
# internals, or said another way; the audit record's id is a code a visitor cannot look up on another site's log
UNSHOWN_SETTINGS = {"model_id", "batch", "batch_index", "image_to_image", "record_id"}


def settings_words(parameters: dict) -> str:
    """A picture's generation settings in words ('prompt “a cat”; seed 7; 20 steps'): Genlab's own in a fixed
    order, other keys as they are ('cfg rescale 0.7'), nested ones flattened, blanks and internals left out."""
    flat = _flattened(parameters)
    flat.setdefault("model", flat.get("model_id"))
    if _given(flat.get("model")):  # "the built-in painter", not its folder name "art-diffusion"
        from core.provenance.readable_names import model_name

        flat["model"] = model_name(flat["model"])
    if isinstance(flat.get("tab"), str):
        flat["tab"] = flat["tab"].replace("_", " ").capitalize()
    words = [template.format(flat[key]) for key, template in SETTING_WORDS.items() if _given(flat.get(key))]
    if flat.get("image_to_image") is True:
        words.append("varied from another picture")
    words += [f"{key.replace('_', ' ')} {({True: 'yes', False: 'no'}).get(value, value)}"
              for key, value in flat.items()
              if key not in SETTING_WORDS and key not in UNSHOWN_SETTINGS and _given(value)]
    return "; ".join(words)


def _flattened(parameters: dict) -> dict:
    flat = {}
    for key, value in parameters.items():
        flat.update(_flattened(value) if isinstance(value, dict) else {str(key): value})
    return flat


def _given(value) -> bool:
    return value is not None and value != "" and value != []


def _metadata_markdown(report) -> str:
    metadata, credentials = report.metadata, report.credentials
    if not credentials.found and not (metadata.generator or metadata.camera or metadata.software
                                      or metadata.generation_parameters):  # the signals above say so
        return ""
    lines = ["### Content Credentials (C2PA, the Coalition for Content Provenance and Authenticity's standard)"]
    if credentials.found:
        lines += [f"- Signed by: **{credentials.signer}**", f"- Claim generator: {credentials.claim_generator}",
                  f"- Declares AI generation: **{'yes' if credentials.ai_generated else 'no'}**"
                  + (f" ({source_words(credentials.digital_source_type)})" if credentials.digital_source_type
                     else ""),
                  f"- History: {', '.join(action_words(a) for a in credentials.actions) or 'none recorded'}",
                  f"- Signature: **{credentials.signature_status}**"]
        lines += [f"- Note: {PLAIN_PROBLEMS.get(problem, problem)}" for problem in credentials.problems
                  if not (problem in PLAIN_PROBLEMS and credentials.intact)]  # the signature's line says it
    else:
        lines.append("None in this file.")
    details = []
    if metadata.generator:
        details.append(f"- Generator: **{metadata.generator}**")
    details += [f"- {key}: {value}" for key, value in {**metadata.camera, **metadata.software}.items()]
    if metadata.generation_parameters:
        text = settings_words(metadata.generation_parameters)
        details.append(f"- Settings: {text[:400]}{'…' if len(text) > 400 else ''}")
    lines += ["\n### File metadata"] + (details or ["No camera or generator details."])
    return "\n".join(lines)


def _spectrum_figure(report):
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    frequencies = report.frequencies
    figure = make_subplots(rows=1, cols=2, subplot_titles=("Its patterns<br>by size", "How much<br>of each size"),
                           column_widths=[0.45, 0.55], horizontal_spacing=0.16)  # room for the axis title
    figure.add_trace(go.Heatmap(z=frequencies.log_magnitude[::2, ::2], colorscale="Viridis", showscale=False),
                     row=1, col=1)
    figure.add_trace(go.Scatter(y=frequencies.radial_profile, mode="lines", line=dict(color=LINE),
                                name="azimuthal average"), row=1, col=2)
    side = frequencies.log_magnitude[::2, ::2].shape[0]  # the middle is coarse patterns, the edges fine ones
    ticks = dict(tickvals=[0, side // 2, side - 1], ticktext=["fine", "coarse", "fine"], showgrid=False,
                 zeroline=False)
    # the square's frame shrinks to it, so its ticks sit beside and under it (on a phone they floated 70 px below)
    figure.update_xaxes(title_text="across", title_standoff=2, row=1, col=1, constrain="domain", **ticks)
    # up and down, "coarse" and "fine" once each: the bottom "fine" met the other axis' first one ("finefine" on a
    # phone, even set apart), and the picture is symmetric
    figure.update_yaxes(title_text="up and down", title_standoff=2, row=1, col=1, scaleanchor="x", constrain="domain",
                        **{**ticks, "tickvals": ticks["tickvals"][1:], "ticktext": ticks["ticktext"][1:]})
    last = len(frequencies.radial_profile) - 1  # bare frequency numbers and log values say nothing to a visitor
    figure.update_xaxes(title_text="size of pattern", tickvals=[0, last], ticktext=["coarse", "fine"], row=1, col=2)
    figure.update_yaxes(title_text="how much (log scale)", showticklabels=False, title_standoff=4, row=1, col=2)
    figure.update_layout(height=420, margin=dict(t=140, b=40, l=60, r=10), showlegend=False,  # the two charts'
                         # titles take two lines each (in one, they ran together on a phone), under the figure's
                         title=dict(text=spectrum_title(frequencies),
                                    y=0.95, yref="container", yanchor="top"))
    return figure


def spectrum_title(frequencies) -> str:
    """What the spectrum found, in words, with its score and threshold under it, and what the blocks say beside
    it, each a line of words. "Fine-grid score 2.5" led as a bare number, then stood unexplained, then in fragments
    (reviews 13 to 15); a score under 5 beside "enlarged by whole pixels" read as a contradiction (the score looks
    at fine grids only, review 11)."""
    from core.forensics.spectrum import PEAK_THRESHOLD

    found = "A fine grid, as from smooth enlarging" if frequencies.periodic_peaks else \
        "No fine grid from smooth enlarging"
    side = "over" if frequencies.periodic_peaks else "under"
    lines = [f"a grid's strength here: {frequencies.peak_score:.1f}, {side} the {PEAK_THRESHOLD:g} it takes"]
    if frequencies.block_size is not None:  # a line a phone's chart holds ("…whole pixels" was cut at its edge)
        size = f"{frequencies.block_size}x{frequencies.block_size}"
        lines.append(f"{'and' if frequencies.periodic_peaks else 'but'} {size} blocks show enlarging by repeating "
                     "pixels")
    return f"{found}<br><sup>{'<br>'.join(lines)}</sup>"


def check_image(image_file: str | None, request: gr.Request = None, progress=gr.Progress()):
    """Check whether a picture was made or edited by a machine: reads this suite's signed watermark and Content
    Credentials (C2PA), the invisible marks of Stable Diffusion, the file's metadata, and forensic traces (error
    levels, noise, the frequency spectrum, a trained detector). Only a valid signature is proof; the traces are
    hints, weighed and said as such. A picture over 4 megapixels is checked as a job, with its progress shown.

    Args:
        image_file: The picture: PNG, JPEG or WebP, at most 40 megapixels and 50 MB.

    Returns:
        The report as JSON: the verdict, its strength, and every signal with its figure.
        The signals in Markdown, strongest first, in plain words.
        Details in Markdown: metadata, credentials and how each figure was measured.
        Error level analysis: a heat map, bright where the picture changed more on re-saving.
        The noise residual: the picture's fine grain, where edits and generators leave patterns.
        The frequency spectrum, where upscaling and generators leave regular peaks.
    """
    from core.forensics.image_report import check_image as build_report
    from core.forensics.image_report import image_check_job, is_large_picture
    from core.inputs.pictures import picture_file_bytes
    from core.jobs import start_job
    from core.provenance import get_recorder

    if not image_file:
        raise gr.Error("Upload a picture first (PNG, JPEG, WebP, GIF, TIFF or BMP, up to 20 MB).",
                       title="No picture")
    try:
        data = picture_file_bytes(image_file)
        if is_large_picture(data):
            job = start_job(image_check_job, data, name="picture check", owner=session_key(request))
            for _ in follow_job(job, progress):
                yield (gr.skip(),) * 6
            report = job_outcome(job)
        else:
            report = build_report(data, store=get_recorder().store)
    except ValueError as error:
        raise as_plain_error(error, title="This picture cannot be checked") from error
    yield (report.to_dict(), _signals_markdown(report), _metadata_markdown(report), report.errors.ela_image,
           report.errors.noise_image, _spectrum_figure(report))


def _timeline_figure(report):
    """The frames' spectrum peak scores along the video and, where the learned detector ran, its chance in a
    second panel below with its own scale (two scales on one chart read as one)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from core.forensics.spectrum import PEAK_THRESHOLD

    seconds = [f.seconds for f in report.frames]
    learned = any(f.learned_probability_ai is not None for f in report.frames)
    panel_titles = ("How strongly a fine grid shows", "Learned detector: chance machine-made")
    figure = make_subplots(rows=2 if learned else 1, cols=1, shared_xaxes=True, vertical_spacing=0.16,
                           subplot_titles=panel_titles if learned else None)
    # a panel's title clear of its top tick's label ("100%"), which stands half above the panel
    figure.for_each_annotation(lambda title: title.update(yshift=8) if title.text in panel_titles else None)
    figure.add_trace(go.Scatter(x=seconds, y=[f.peak_score for f in report.frames], mode="lines+markers",
                                name="fine grid in the whole frame", line_color=LINE), row=1, col=1)
    if report.faces_checked and any(f.face_peak_score is not None for f in report.frames):
        figure.add_trace(go.Scatter(x=seconds, y=[f.face_peak_score for f in report.frames], mode="markers",
                                    name="largest face", marker=dict(color="#f59e0b", size=9)), row=1, col=1)
    marked = [f for f in report.frames if f.genlab_watermark or f.stable_diffusion_watermark]
    if marked:
        figure.add_trace(go.Scatter(x=[f.seconds for f in marked], y=[f.peak_score for f in marked], mode="markers",
                                    name="watermark found", marker=dict(color="#ef4444", size=14, symbol="star")),
                         row=1, col=1)
    # the threshold named in the legend: a label on the chart ran into its grid lines
    figure.add_trace(go.Scatter(x=[min(seconds), max(seconds)], y=[PEAK_THRESHOLD] * 2, mode="lines",
                                name="traces of enlarging above this line", hoverinfo="skip",
                                line=dict(color="#ef4444", dash="dot")), row=1, col=1)  # reads on both themes
    figure.update_yaxes(title_text="grid strength", row=1, col=1)
    if learned:
        figure.add_trace(go.Scatter(x=seconds, y=[f.learned_probability_ai for f in report.frames], mode="lines",
                                    name="learned detector", line=dict(color="#10b981", dash="dash")), row=2, col=1)
        figure.update_yaxes(title_text="chance", range=[0, 1], tickformat=".0%", row=2, col=1)
    figure.update_xaxes(title_text="seconds into the video", row=2 if learned else 1, col=1)
    figure.update_layout(title="Frame by frame" if learned else "How strongly a fine grid shows, frame by frame",
                         height=520 if learned else 360, margin=dict(t=60, b=40, l=50, r=20),
                         legend=dict(orientation="h", y=-0.12 if learned else -0.25, x=0))
    return figure


def check_video(video_file: str | None = None, frames: float = 16, progress=gr.Progress()):
    """Check whether a video holds machine-made or edited frames: samples frames, checks each picture's traces and
    faces, and shows where along the video the traces are strongest. The traces are hints, not proof.

    Args:
        video_file: The video, MP4 or WebM, at most 100 MB.
        frames: How many frames to sample along the video, 4 to 64.

    Returns:
        The report as JSON: the verdict and each sampled frame's figures.
        The verdict in Markdown, in plain words.
        A plot of the traces frame by frame.
        The four frames where a fine grid shows most (whether or not any passed the line).
    """
    from core.forensics.video_report import check_video as build_report
    from core.provenance import get_recorder

    if not video_file:
        raise gr.Error("Upload a video first (MP4 or WebM, up to 100 MB).", title="No video")
    from core.inputs.numbers import as_whole
    from core.inputs.video import check_frame_count, check_video_bytes

    try:
        frames = check_frame_count(as_whole(frames, "number of frames to sample"))
        check_video_bytes(Path(video_file).stat().st_size)  # before the file is read
        report = build_report(Path(video_file).read_bytes(), frames=frames, store=get_recorder().store,
                              progress=lambda share, text: progress(share, desc=text))
    except ValueError as error:
        raise as_plain_error(error, title="This video cannot be checked") from error
    lines = [f"## {report.verdict}", ""] + [f"- {line}" for line in report.summary_lines]
    frames_shown = [(image, f"{report.frames[[f.index for f in report.frames].index(index)].seconds:.1f} s")
                    for index, image in sorted(report.thumbnails.items())]
    return report.to_dict(), "\n".join(lines), _timeline_figure(report), frames_shown


ON_THE_LIST, NOT_ON_IT = "on the green list", "not on it"  # the text check's word pieces, as its legend names them


def check_text(text: str = ""):
    """Check whether a text was written by this suite's Writing tab, by its hidden statistical watermark: the
    writer favours a secret "green list" of words, and a text with far more green words than chance would give
    is marked. Only the suite's own texts can be recognised; any other text is "no watermark found".

    Args:
        text: The text to check; under 16 scored tokens (about a dozen words) it is too short to test.

    Returns:
        The report as JSON: the verdict, the watermark test's figures and the model's perplexity.
        The verdict in Markdown, in plain words.
        The text with the green-list words marked.
    """
    from core.forensics.text_report import check_text as build_report

    try:
        report = build_report(text or "")
    except ValueError as error:
        raise as_plain_error(error, title="This text cannot be checked") from error
    lines = [f"## {report.verdict}", ""] + [f"- {line}" for line in report.summary_lines]
    from core.provenance.readable_names import model_name

    lines.append(f"\nTested with the word pieces and watermark key of {model_name(report.model_label)}, in "
                 f"{report.seconds:.2f} s.")
    highlighted = [(mark.piece, None if mark.green is None else (ON_THE_LIST if mark.green else NOT_ON_IT))
                   for mark in report.marks]
    return report.to_dict(), "\n".join(lines), highlighted


def _text_check_available() -> bool:
    """The text check needs a local writer: the poet's weights, or a Hub writing model."""
    from core.settings import get_settings
    from core.text.writer import poet_available

    return poet_available() or get_settings().model_for("writing").backend == "hub"


SAMPLES = PROJECT_ROOT / "assets" / "samples"  # files to try, with their sources and licences (README.md there)

def render() -> None:
    """Lay out the tab inside the current Blocks."""
    gr.Markdown(INTRODUCTION)
    with gr.Accordion("Strong and weak signals: what each can show", open=False):
        gr.Markdown(SIGNALS_EXPLAINED)
    with gr.Tabs(overflow_behavior="wrap"):
        with gr.Tab("Picture", **tab_id("deepfake_check", "picture")):
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    upload = picture_upload(label="Picture to check (up to 20\u00a0MB)",  # "MB)" alone on a line
                                            sources=["upload", "clipboard"],
                                            height=300, elem_id="picture-to-check")
                    check = gr.Button("Check this picture", variant="primary", elem_id="check-picture-button")
                    check_error = error_line()
                    gr.Examples([[str(SAMPLES / "coffee.png")], [str(SAMPLES / "painted-elsewhere.png")]],
                                inputs=upload, label="Try one",
                                example_labels=["A real photograph (a cup of coffee)",
                                                "Made by AI on another server (Genlab's painter)"])
                    gr.Markdown("Tip: make a picture in another tab of this suite and check it here, even cropped, "
                                "resized or saved as JPEG: its mark is found and traced to its record. A photo from "
                                "your phone shows what 'no marks' looks like.",
                                elem_classes="genlab-note")
                with gr.Column(scale=3):
                    signals = gr.Markdown(PICTURE_READY, label="Signals")
            details = gr.Markdown(label="Details")
            with gr.Row():
                ela = gr.Image(label=ELA_LABEL, type="pil", format="png", visible=False)  # until a check draws them:
                noise = gr.Image(label="Noise (the fine grain)", type="pil", format="png", visible=False)  # no empty
            spectrum_plot = gr.Plot(label="Frequency spectrum", visible=False)  # frames on a phone before a picture
            with gr.Accordion("Report as JSON", open=False, visible=False) as report_fold:
                report_json = gr.JSON(label="Report")

        with gr.Tab("Video", **tab_id("deepfake_check", "video")):
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    video_input = gr.Video(label="Video to check (MP4 or WebM, up to 100\u00a0MB)", sources=["upload"],
                                           elem_id="video-to-check")
                    frames_input = gr.Slider(4, 64, value=16, step=4, label="Frames to sample")
                    check_video_button = gr.Button("Check this video", variant="primary")
                    video_error = error_line()
                    gr.Examples([[str(SAMPLES / "coffee-pan.webm")]], inputs=video_input, label="Try one",
                                example_labels=["A real photograph, filmed as a slow pan (4 s)"])
                with gr.Column(scale=3):
                    video_verdict = gr.Markdown(VIDEO_READY, label="Verdict")
            timeline = gr.Plot(label="Frame by frame", show_label=False, visible=False)  # the chart says it
            suspicious = picture_gallery("The four frames where a fine grid shows most", columns=4, fit_rows=True,
                                         elem_id="video-frames", visible=False)
            with gr.Accordion("Report as JSON", open=False, visible=False) as video_json_fold:
                video_json = gr.JSON(label="Report")
        with gr.Tab("Text", **tab_id("deepfake_check", "text"), visible=_text_check_available()):
            gr.Markdown(TEXT_CHECK_INTRODUCTION)
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    text_input = gr.Textbox(label="Text to check", lines=10, max_lines=30,
                                            placeholder="Paste a text from the Writing tab, or any other")
                    check_text_button = gr.Button("Check this text", variant="primary", elem_id="check-text-button")
                    text_error = error_line()
                    gr.Examples([[HUMAN_PASSAGE]], inputs=text_input, label="Try one",
                                example_labels=["Written by a person (Jane Austen, 1813)"])
                    gr.Markdown("Tip: on the **Writing** tab, *Check it for the watermark* brings a text written "
                                "there to this box and checks it.", elem_classes="genlab-note")
                with gr.Column(scale=3):
                    text_verdict = gr.Markdown(TEXT_READY, label="Verdict", elem_id="text-verdict")
            # plain: the first piece (none before it picks a list) and a pair of pieces met before (counted once)
            token_view = gr.HighlightedText(label="Word pieces as the watermark test counts them (plain: not "
                                                  "counted)",
                                            color_map={ON_THE_LIST: "#22c55e", NOT_ON_IT: "#9ca3af"},  # shows on white
                                            combine_adjacent=False, show_legend=True, elem_id="text-tokens",
                                            visible=False)
            with gr.Accordion("Report as JSON", open=False, visible=False) as text_json_fold:
                text_json = gr.JSON(label="Report")

    checking = check.click(check_image, inputs=upload,
                           outputs=[report_json, signals, details, ela, noise, spectrum_plot],
                           api_name="check_image", **JOB_EVENTS)
    reveal_when_done(checking, ela, noise, spectrum_plot, report_fold)
    handoff.receive("picture", upload, "deepfake_check/picture", then_press="check-picture-button")
    show_failures(checking, check_error, {report_json: None, signals: PICTURE_READY, details: "", ela: None,
                                          noise: None, spectrum_plot: None, report_fold: gr.update(visible=False)},
                  triggers=(check.click, upload.change))
    checking_video = check_video_button.click(check_video, inputs=[video_input, frames_input],
                                              outputs=[video_json, video_verdict, timeline, suspicious],
                                              api_name="check_video", **MODEL_EVENTS)
    show_failures(checking_video, video_error, {video_json: None, video_verdict: VIDEO_READY, timeline: None,
                                                suspicious: None, video_json_fold: gr.update(visible=False)},
                  triggers=(check_video_button.click, video_input.change))
    reveal_when_done(checking_video, timeline, suspicious, video_json_fold)  # no empty frames before a check
    text_triggers = (check_text_button.click, text_input.submit)  # Shift+Enter or Ctrl+Enter in the text
    checking_text = gr.on(text_triggers, check_text, inputs=text_input, outputs=[text_json, text_verdict, token_view],
                          api_name="check_text", **MODEL_EVENTS,  # no endpoint or tool without its model
                          api_visibility="public" if _text_check_available() else "private")
    show_failures(checking_text, text_error, {text_json: None, text_verdict: TEXT_READY, token_view: None,
                                              text_json_fold: gr.update(visible=False)},
                  triggers=(*text_triggers, text_input.change))
    reveal_when_done(checking_text, token_view, text_json_fold)
    if _text_check_available():
        handoff.receive("text", text_input, "deepfake_check/text", then_press="check-text-button")

if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])
