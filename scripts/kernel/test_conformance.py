"""Jupyter protocol conformance of the robustnb-csharp kernel, using Debian's jupyter_kernel_test,
plus behaviours that suite does not cover: live stream output, interrupting a busy cell, and progress
displays that update in place.
Run with /usr/bin/python3 -m unittest, with JUPYTER_PATH naming a directory that holds the
kernelspec. ROBUSTNB_INTERRUPT_RESULT, when set, names a file that receives the interrupt latency;
ROBUSTNB_LIBRARY names the built RobustNotebooks.dll for the cells that load it."""
import hashlib
import hmac
import json
import os
import time
import unittest

import jupyter_kernel_test
import zmq

# Registered the way libraries do it, through .NET Interactive's formatter registry (cells see it without #r).
FORMATTED_TYPE = r'''
public class Shown { public override string ToString() => "shown"; }
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Shown>(s => "<b>" + s + "</b>", "text/html");
display(new Shown());
'''

# A long library call that gives no sink: it reports to the kernel's, installed when the library loads.
LONG_CALL = r'''
using (var tracker = new RobustNotebooks.ProgressTracker("demo", 40, "steps", RobustNotebooks.AmbientProgress.Choose(null)))
{
    for (int i = 1; i <= 40; i++) { System.Threading.Thread.Sleep(50); tracker.Step(1, () => $"step {i}"); }
    tracker.Finish();
}
'''


class CSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "robustnb-csharp"
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("something went wrong");'
    code_generate_error = 'throw new InvalidOperationException("expected failure");'
    code_inspect_sample = "Console.WriteLine"
    code_clear_output = 'Console.WriteLine("before"); clear_output();'

    completion_samples = [
        {"text": "Console.WriteLi", "matches": {"WriteLine"}},
        {"text": "Math.Sqr", "matches": {"Sqrt"}},
        {"text": '"abc".ToUpperInv', "matches": {"ToUpperInvariant"}},
    ]
    complete_code_samples = ["1", "int a = 1;", 'Console.WriteLine("x");', "if (true) { }", "#!csharp\nvar b = 2;"]
    incomplete_code_samples = ["if (true) {", "void F() {", "var xs = new[] { 1,"]
    invalid_code_samples = ["int a = ;", ")"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".Length', "result": "3"},
        {"code": "var shared = 20;\nshared + 1", "result": "21"},
    ]
    code_display_data = [
        {"code": "display(42);", "mime": "text/plain"},
        {"code": FORMATTED_TYPE, "mime": "text/html"},
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The first cell pays for Roslyn's cold start, which on a loaded machine exceeds the suite's 15 s
        # per-request timeout; the suite tests the protocol, so warm the kernel first.
        msg_id = cls.kc.execute("1", silent=True, store_history=False)
        reply = cls.kc.get_shell_msg(timeout=180)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = cls.kc.get_shell_msg(timeout=180)
        while True:
            try:
                cls.kc.get_iopub_msg(timeout=1)
            except Exception:
                break

    def _run_until_reply(self, code, timeout=30):
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return msg_id, reply

    def _iopub_for(self, msg_id, until_idle=True, timeout=10):
        messages = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if until_idle and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return messages

    def test_stream_output_is_live(self):
        """A line printed before a long pause must arrive while the cell is still running."""
        self.flush_channels()
        code = 'Console.WriteLine("first"); var until = DateTime.Now.AddSeconds(2); while (DateTime.Now < until) { }'
        msg_id = self.kc.execute(code)
        started = time.monotonic()
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        arrived = time.monotonic() - started
        reply = self.kc.get_shell_msg(timeout=10)
        finished = time.monotonic() - started
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertLess(arrived, finished - 1.0, f"stream arrived at {arrived:.2f}s, cell finished at {finished:.2f}s")
        self._iopub_for(msg_id)

    def test_interrupt_infinite_loop(self):
        """interrupt_request on the control channel stops `while (true) { }` within 2 s, and the
        kernel keeps its state and goes on running cells."""
        self.flush_channels()
        self._run_until_reply("var survivor = 5;")
        msg_id = self.kc.execute("while (true) { }")
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        time.sleep(1.0)  # let the cell compile and enter its loop
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        latency = time.monotonic() - started
        out = os.environ.get("ROBUSTNB_INTERRUPT_RESULT")
        if out:
            with open(out, "w") as f:
                json.dump({"latency_s": latency, "ename": reply["content"].get("ename")}, f)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertLess(latency, 2.0)
        self._iopub_for(msg_id)
        _, after = self._run_until_reply("survivor * 2")
        self.assertEqual(after["content"]["status"], "ok")

    def _value(self, code):
        msg_id, reply = self._run_until_reply(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        result = [m for m in self._iopub_for(msg_id) if m["msg_type"] == "execute_result"]
        return result[0]["content"]["data"]["text/plain"]

    def test_interrupt_stops_the_cell_for_good(self):
        """A cell blocked in a call that cannot be interrupted (here a 3 s sleep, as a native call
        would be) is not abandoned: the kernel says it is still finishing, replies KeyboardInterrupt
        only once it has stopped, and its loop never runs again, also after later cells start."""
        self.flush_channels()
        self._run_until_reply("var counter = new long[1];")
        msg_id = self.kc.execute("System.Threading.Thread.Sleep(3000);\nwhile (true) { counter[0]++; }")
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        time.sleep(0.5)
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=20)
        waited = time.monotonic() - started
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertTrue(reply["content"]["evalue"].startswith("The cell was interrupted."), reply["content"]["evalue"])
        self.assertIn("cell line 2", reply["content"]["evalue"])
        self.assertGreater(waited, 1.5, "the reply came before the blocked call had returned")
        stderr = "".join(m["content"]["text"] for m in self._iopub_for(msg_id)
                         if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("still finishing", stderr)
        # Later cells get tokens of their own; the interrupted loop must stay stopped.
        first = self._value("counter[0]")
        time.sleep(3.5)
        second = self._value("counter[0]")
        time.sleep(0.5)
        third = self._value("counter[0]")
        self.assertEqual(first, second)
        self.assertEqual(second, third)

    def test_library_calls_see_the_cell_token(self):
        """Long library calls (Trainer.Run, evaluation, loaders) check the running cell's token
        although the cell passed none."""
        library = os.environ.get("ROBUSTNB_LIBRARY")
        if not library:
            self.skipTest("ROBUSTNB_LIBRARY is not set")
        self.flush_channels()
        self.assertEqual(self._value(f'#r "{library}"\nRobustNotebooks.AmbientCancellation.Token.CanBeCanceled'), "True")
        self.assertEqual(self._value("RobustNotebooks.AmbientCancellation.Token == cancellation_token"), "True")

    def test_library_progress_updates_one_display_in_place(self):
        """A long library call reports progress as one display_data with a transient display_id, then
        update_display_data messages with the same id (a bar redrawn in place), not a line per step."""
        library = os.environ.get("ROBUSTNB_LIBRARY")
        if not library:
            self.skipTest("ROBUSTNB_LIBRARY is not set")
        self.flush_channels()
        msg_id, reply = self._run_until_reply(f'#r "{library}"\n' + LONG_CALL, timeout=60)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        messages = self._iopub_for(msg_id, timeout=30)
        displays = [m for m in messages if m["msg_type"] == "display_data"]
        updates = [m for m in messages if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(displays), 1, [m["msg_type"] for m in messages])
        display_id = displays[0]["content"]["transient"].get("display_id")
        self.assertTrue(display_id, displays[0]["content"])
        self.assertIn("rnb-progress", displays[0]["content"]["data"]["text/html"])
        # 40 steps over about 2 s at most four updates a second: a handful of updates, not 40.
        self.assertGreaterEqual(len(updates), 3)
        self.assertLess(len(updates), 20)
        for update in updates:
            self.assertEqual(update["content"]["transient"]["display_id"], display_id)
        self.assertIn("demo: 40/40 steps (100%); done in", updates[-1]["content"]["data"]["text/plain"])
        self.assertEqual([m for m in messages if m["msg_type"] == "stream"], [])

    def test_malformed_messages_do_not_stop_the_kernel(self):
        """Frames with a bad signature, non-JSON parts or no delimiter are dropped; the kernel answers
        the next well-formed request."""
        info = self.km.get_connection_info()
        key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        context = zmq.Context.instance()
        raw = context.socket(zmq.DEALER)
        raw.linger = 0
        raw.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            raw.send_multipart([b"<IDS|MSG>", b"0" * 64, b"{}", b"{}", b"{}", b"{}"])
            parts = [b"not json", b"{}", b"{}", b"{}"]
            signature = hmac.new(key, b"".join(parts), hashlib.sha256).hexdigest().encode()
            raw.send_multipart([b"<IDS|MSG>", signature] + parts)
            raw.send_multipart([b"no delimiter at all"])
            header = json.dumps({"msg_id": "x", "msg_type": "execute_request", "session": "s", "username": "u",
                                 "date": "", "version": "5.3"}).encode()
            parts = [header, b"{}", b"{}", b"{}"]  # execute_request without 'code'
            signature = hmac.new(key, b"".join(parts), hashlib.sha256).hexdigest().encode()
            raw.send_multipart([b"<IDS|MSG>", signature] + parts)
        finally:
            raw.close()
        time.sleep(0.5)
        self.flush_channels()
        msg_id, reply = self._run_until_reply("1 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self._iopub_for(msg_id)

    def test_runtime_error_names_cell_line(self):
        self.flush_channels()
        msg_id, reply = self._run_until_reply('int a = 1;\nint b = 2;\nthrow new ArgumentException("bad");')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "ArgumentException")
        self.assertIn("cell line 3", reply["content"]["evalue"])
        self._iopub_for(msg_id)

    def test_compile_error_names_cell_line(self):
        self.flush_channels()
        msg_id, reply = self._run_until_reply("int a = 1;\n\nint b = missingName;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("cell line 3", reply["content"]["evalue"])
        self.assertIn("CS0103", reply["content"]["evalue"])
        self._iopub_for(msg_id)


if __name__ == "__main__":
    unittest.main()
