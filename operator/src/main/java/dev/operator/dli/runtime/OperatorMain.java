package dev.operator.dli.runtime; public class OperatorMain { public static void main(String[] a){} }
