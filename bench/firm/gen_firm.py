#!/usr/bin/env python3
"""Writes a firm file with N production processes making one CN code (7214 20 00) and E exports
of it (issue 15, defect 1: the engine was quadratic in this shape). Usage: gen_firm.py N [E]"""
import sys

n = int(sys.argv[1])
e = int(sys.argv[2]) if len(sys.argv) > 2 else n
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<firm schema="greengate-firm/1" id="scale" name="Scaling test (fictitious)" country="TR"'
       ' reporting-year="2026" fictitious="true">', ' <installation id="i" name="I" country="TR">']
for k in range(n):
    out.append(f'  <process id="p{k}" category="iron_steel_products" output="100" unit="t">'
               f'<stream id="s{k}" method="measured" gas="CO2" quantity="{10 + k % 7}" unit="tCO2e"/>'
               '<good cn="7214 20 00" quantity="100" unit="t"/></process>')
out.append(' </installation>')
for k in range(e):
    out.append(' <export cn="7214 20 00" installation="i" year="2026" quantity="1" unit="t" destination="IT"/>')
out.append('</firm>')
print("\n".join(out))
