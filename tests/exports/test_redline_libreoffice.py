"""The redline in LibreOffice (headless): its revisions are recognised as tracked changes, and
LibreOffice's own "accept all" / "reject all" give back the draft / the base text on import.

Skipped, with the reason shown, when ``soffice`` is not installed (CI installs it). Each test
uses its own LibreOffice profile (``-env:UserInstallation``) so runs never share state; the
accept/reject step runs a small Basic macro written into that profile.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.exports.test_redline import _project, export, tree_key

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) no está "
                                 "instalado: apt-get install libreoffice-writer-nogui")]

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Decide(sIn As String, sOut As String, sCommand As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(sIn, &quot;_blank&quot;, 0, args())
  oFrame = oDoc.getCurrentController().getFrame()
  oDisp = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  oDisp.executeDispatch(oFrame, sCommand, &quot;&quot;, 0, Array())
  Dim p(0) As New com.sun.star.beans.PropertyValue
  p(0).Name = &quot;FilterName&quot;
  p(0).Value = &quot;MS Word 2007 XML&quot;
  oDoc.storeToURL(sOut, p())
  oDoc.close(True)
End Sub
</script:module>
"""


def _soffice(profile: Path, *args: str) -> None:
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", *args], check=True, timeout=180, capture_output=True)


@pytest.fixture
def lo_project(sqlite_services, tmp_path):
    services, pid, uri = _project(sqlite_services)
    return services, pid, uri, export(services, pid, tmp_path), tmp_path / "perfil-lo"


def test_libreoffice_recognises_the_revisions_as_tracked_changes(lo_project, tmp_path):
    services, pid, uri, path, profile = lo_project
    _soffice(profile, "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(path))
    content = zipfile.ZipFile(tmp_path / "odt" / "redline.odt").read("content.xml").decode()
    assert "<text:tracked-changes" in content
    # LibreOffice merges adjacent revisions of one author into a region; every changed
    # provision has at least one, and both kinds are there
    touched = services.redline.build(pid)[1].provisions_changed
    assert content.count("<text:changed-region") >= touched
    assert "<text:insertion>" in content and "<text:deletion>" in content
    assert "Dañar la vegetación;" in content and "Respetar los horarios;" in content
    assert "<dc:creator>Consejería Jurídica Municipal</dc:creator>" in content
    _soffice(profile, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path))
    assert (tmp_path / "pdf" / "redline.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("command", ["AcceptAllTrackedChanges", "RejectAllTrackedChanges"])
def test_accept_or_reject_all_in_libreoffice_gives_draft_or_base(lo_project, tmp_path, command):
    services, pid, uri, path, profile = lo_project
    _soffice(profile, "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(path))
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.parent.is_dir(), "LibreOffice no creó el perfil"
    module.write_text(_MACRO, encoding="utf-8")
    out = tmp_path / "decidido.docx"
    _soffice(profile, f'macro:///Standard.Module1.Decide("{path.as_uri()}","{out.as_uri()}",'
                      f'".uno:{command}")')
    assert "<w:ins " not in zipfile.ZipFile(out).read("word/document.xml").decode()
    plan = services.redline.read(pid, out)
    target = services.projects.get(pid).targets[0]
    expected = target.draft if command.startswith("Accept") else \
        services.projects.base_tree(target)
    assert tree_key(plan.drafts[uri]) == tree_key(expected)
    assert plan.totals()["pendientes"] == 0 and not plan.unmatched_paragraphs
