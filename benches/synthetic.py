#!/usr/bin/env python3
"""Writes a synthetic civkg-shaped dataset (TriG) for benches/serve.sh.

Same shapes as the converter's output (reports, sections, sentences,
figures as qb:Observations quoted by oa:TextPositionSelector-style mentions,
entities with zh/en labels), so both servers face realistic joins when no
store has been built from real reports. Usage: synthetic.py REPORTS > x.trig
"""
import sys

reports = int(sys.argv[1]) if len(sys.argv) > 1 else 20
B = "https://w3id.org/civkg/"
print("""@prefix civkg: <https://w3id.org/civkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .""")
measures = ["救助资金", "养老床位", "婚姻登记", "社会组织", "低保对象", "慈善捐赠", "殡葬服务", "志愿者"]
print(f"GRAPH <{B}graph/lexicon> {{")
for e in range(200):
    print(f'<{B}id/institution/e{e}> a civkg:Institution ; rdfs:label "机构{e}"@zh , "Institution {e}"@en .')
print("}")
for r in range(reports):
    rid = f"city{r}-{2015 + r % 10}"
    rep = f"{B}report/{rid}"
    print(f"GRAPH <{B}graph/{rid}> {{")
    print(f'<{rep}> a civkg:Report ; dcterms:title "城市{r}民政局工作总结"@zh ; dcterms:publisher <{B}id/institution/e{r % 200}> .')
    print(f"<{rep}/figures> a qb:DataSet ; dcterms:source <{rep}> .")
    for s in range(8):
        sec = f"{rep}/section/{s + 1}"
        print(f'<{sec}> a civkg:Section ; dcterms:isPartOf <{rep}> ; civkg:number {s + 1} ; rdfs:label "第{s + 1}部分"@zh .')
        for k in range(25):
            sent = f"{sec}/sentence/{k + 1}"
            start = (s * 25 + k) * 60
            m = measures[(r + s + k) % len(measures)]
            text = f"全年{m}达到{k * 37 + s}万元，同比增长{k % 9}.{s}%。"
            print(f'<{sent}> a civkg:Sentence ; dcterms:isPartOf <{sec}> ; oa:start {start} ; oa:end {start + len(text)} ; oa:exact "{text}" .')
            raw = f"{k * 37 + s}万元"
            ms = start + 2 + len(m) + 2
            men = f"{rep}/mention/{ms}-{ms + len(raw)}"
            fig = f"{rep}/figure/{s + 1}/{m}-{k + 1}"
            print(f'<{men}> a civkg:Mention ; dcterms:isPartOf <{rep}> ; oa:start {ms} ; oa:end {ms + len(raw)} ; oa:exact "{raw}" ; civkg:inSentence <{sent}> .')
            print(f'<{fig}> a civkg:Figure ; qb:dataSet <{rep}/figures> ; civkg:value "{(k * 37 + s) * 10000}"^^xsd:decimal ; civkg:rawText "{raw}" ; '
                  f'civkg:measureLabel "{m}"@zh ; rdfs:label "{m} {raw}"@zh ; civkg:section <{sec}> ; civkg:subject <{B}id/institution/e{(r * 7 + k) % 200}> ; '
                  f'civkg:refPeriod "{2015 + r % 10}"^^xsd:gYear ; prov:wasDerivedFrom <{men}> .')
    print("}")
